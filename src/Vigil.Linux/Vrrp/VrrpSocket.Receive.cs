using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Vrrp;

public sealed partial class VrrpSocket
{
    /// <summary>
    /// Takes one waiting packet without blocking. On <see cref="ReceiveStatus.Received"/> the
    /// datagram's spans point into this socket's buffers until the next call. Allocation-free.
    /// </summary>
    public unsafe ReceiveStatus TryReceive(out VrrpDatagram datagram)
    {
        datagram = default;
        byte* buffer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        byte* control = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_control));
        byte* name = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_name));
        var iov = new Interop.iovec { iov_base = buffer, iov_len = BufferSize };
        var msg = new Interop.msghdr
        {
            msg_name = name,
            msg_namelen = AddressSize,
            msg_iov = &iov,
            msg_iovlen = 1,
            msg_control = control,
            msg_controllen = ControlSize,
        };

        nint received;
        while ((received = Interop.Libc.recvmsg(_fd, &msg, Interop.MessageFlags.MSG_DONTWAIT)) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Interop.Errors.EAGAIN)
            {
                return ReceiveStatus.NothingPending;
            }

            if (errno != Interop.Errors.EINTR)
            {
                ThrowHelper.ThrowErrno(errno, "recvmsg(VRRP)");
            }
        }

        if ((msg.msg_flags & Interop.MessageFlags.MSG_TRUNC) != 0)
        {
            return ReceiveStatus.Truncated;
        }

        ReadOnlySpan<byte> packet = _buffer.AsSpan(0, (int)received);
        ReadOnlySpan<byte> controlData = _control.AsSpan(0, (int)Math.Min(msg.msg_controllen, ControlSize));
        return Family == AddressFamily.InterNetwork
            ? ParseIPv4(packet, controlData, out datagram)
            : ParseIPv6(packet, controlData, out datagram);
    }

    private ReceiveStatus ParseIPv4(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> control, out VrrpDatagram datagram)
    {
        datagram = default;
        if (!IPv4Header.TryParse(packet, out int headerLength, out int totalLength, out byte ttl))
        {
            return ReceiveStatus.MalformedIPHeader;
        }

        int interfaceIndex = InterfaceIndex;
        while (ControlMessages.TryReadNext(ref control, out int level, out int type, out ReadOnlySpan<byte> data))
        {
            if (level == Interop.Protocols.IPPROTO_IP && type == Interop.SocketOptions.IP_PKTINFO && data.Length >= 12)
            {
                interfaceIndex = MemoryMarshal.Read<int>(data);
            }
        }

        datagram = new VrrpDatagram(packet[headerLength..totalLength], packet.Slice(12, 4), packet.Slice(16, 4), ttl, interfaceIndex);
        return ReceiveStatus.Received;
    }

    private unsafe ReceiveStatus ParseIPv6(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> control, out VrrpDatagram datagram)
    {
        datagram = default;
        int hopLimit = -1;
        int interfaceIndex = 0;
        bool haveDestination = false;
        while (ControlMessages.TryReadNext(ref control, out int level, out int type, out ReadOnlySpan<byte> data))
        {
            if (level != Interop.Protocols.IPPROTO_IPV6)
            {
                continue;
            }

            if (type == Interop.SocketOptions.IPV6_HOPLIMIT && data.Length >= sizeof(int))
            {
                hopLimit = MemoryMarshal.Read<int>(data);
            }
            else if (type == Interop.SocketOptions.IPV6_PKTINFO && data.Length >= sizeof(Interop.in6_pktinfo))
            {
                data[..16].CopyTo(_destination);
                interfaceIndex = MemoryMarshal.Read<int>(data[16..]);
                haveDestination = true;
            }
        }

        if (hopLimit is < 0 or > 255 || !haveDestination)
        {
            return ReceiveStatus.MissingControlData;
        }

        // sockaddr_in6: family(2) port(2) flowinfo(4) addr(16).
        datagram = new VrrpDatagram(packet, _name.AsSpan(8, 16), _destination, (byte)hopLimit, interfaceIndex);
        return ReceiveStatus.Received;
    }
}
