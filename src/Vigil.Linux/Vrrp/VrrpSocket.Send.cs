using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Vrrp;

public sealed partial class VrrpSocket
{
    /// <summary>
    /// <see cref="Send"/> from a source address that is no longer on the host: the priority-0 advert of a master that
    /// lost its last address (keepalived writes its own IP header, so it can). IP(V6)_TRANSPARENT (CAP_NET_ADMIN) is
    /// set for this one send only, so no ordinary advert ever leaves from an address the host does not have.
    /// </summary>
    public unsafe void SendFromLostAddress(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, IPAddress source, int ttl = 0)
    {
        (int level, int option) = Family == AddressFamily.InterNetwork
            ? (Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_TRANSPARENT)
            : (Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_TRANSPARENT);
        int on = 1, off = 0;
        SetOption(level, option, &on, sizeof(int), "IP_TRANSPARENT");
        try
        {
            Send(vrrpMessage, destination, source, ttl);
        }
        finally
        {
            _ = Interop.Libc.setsockopt(_fd, level, option, &off, sizeof(int));
        }
    }

    /// <summary>
    /// Sends one VRRP message to <paramref name="destination"/> (the group, or a unicast peer).
    /// <paramref name="source"/> picks the source address (unicast_src_ip / mcast_src_ip) through an
    /// IP(V6)_PKTINFO control message; null lets the kernel choose the interface's primary address.
    /// <paramref name="ttl"/> (1–255) sets this packet's TTL / Hop Limit through an IP_TTL / IPV6_HOPLIMIT control
    /// message (unicast_ttl); 0 keeps the socket's 255. Allocation-free: addresses are written into stack buffers.
    /// </summary>
    public unsafe void Send(ReadOnlySpan<byte> vrrpMessage, IPAddress destination, IPAddress? source = null, int ttl = 0)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte* name = stackalloc byte[AddressSize];
        byte* control = stackalloc byte[ControlSize];
        new Span<byte>(name, AddressSize).Clear();
        new Span<byte>(control, ControlSize).Clear();
        uint nameLength;
        nuint controlLength = 0;

        if (Family == AddressFamily.InterNetwork)
        {
            var to = (Interop.sockaddr_in*)name;
            to->sin_family = Interop.AddressFamilies.AF_INET;
            WriteAddress(destination, new Span<byte>(to->sin_addr, 4));
            nameLength = (uint)sizeof(Interop.sockaddr_in);
            if (source is not null)
            {
                var info = (Interop.in_pktinfo*)WriteControlHeader(control, Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_PKTINFO, sizeof(Interop.in_pktinfo), out controlLength);
                info->ipi_ifindex = InterfaceIndex;
                WriteAddress(source, new Span<byte>(info->ipi_spec_dst, 4));
            }

            if (ttl > 0)
            {
                *(int*)WriteControlHeader(control + controlLength, Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_TTL, sizeof(int), out nuint ttlLength) = ttl;
                controlLength += ttlLength;
            }
        }
        else
        {
            var to = (Interop.sockaddr_in6*)name;
            to->sin6_family = Interop.AddressFamilies.AF_INET6;
            WriteAddress(destination, new Span<byte>(to->sin6_addr, 16));
            // Link-local and multicast destinations are only meaningful with the interface as scope.
            to->sin6_scope_id = (uint)InterfaceIndex;
            nameLength = (uint)sizeof(Interop.sockaddr_in6);
            if (source is not null)
            {
                var info = (Interop.in6_pktinfo*)WriteControlHeader(control, Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_PKTINFO, sizeof(Interop.in6_pktinfo), out controlLength);
                info->ipi6_ifindex = InterfaceIndex;
                WriteAddress(source, new Span<byte>(info->ipi6_addr, 16));
            }

            if (ttl > 0)
            {
                *(int*)WriteControlHeader(control + controlLength, Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_HOPLIMIT, sizeof(int), out nuint ttlLength) = ttl;
                controlLength += ttlLength;
            }
        }

        fixed (byte* payload = vrrpMessage)
        {
            var iov = new Interop.iovec { iov_base = payload, iov_len = (nuint)vrrpMessage.Length };
            var msg = new Interop.msghdr
            {
                msg_name = name,
                msg_namelen = nameLength,
                msg_iov = &iov,
                msg_iovlen = 1,
                msg_control = controlLength == 0 ? null : control,
                msg_controllen = controlLength,
            };
            while (Interop.Libc.sendmsg(_fd, &msg, 0) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.Errors.EINTR)
                {
                    ThrowHelper.ThrowErrno(errno, "sendmsg(VRRP)");
                }
            }
        }
    }

    /// <summary>Writes a cmsghdr at the start of <paramref name="control"/> and returns a pointer to its data (CMSG_DATA).</summary>
    private static unsafe byte* WriteControlHeader(byte* control, int level, int type, int dataLength, out nuint totalLength)
    {
        var header = (Interop.cmsghdr*)control;
        header->cmsg_len = (nuint)(sizeof(Interop.cmsghdr) + dataLength);
        header->cmsg_level = level;
        header->cmsg_type = type;
        totalLength = (nuint)ControlMessages.Align(sizeof(Interop.cmsghdr) + dataLength);
        return control + sizeof(Interop.cmsghdr);
    }
}
