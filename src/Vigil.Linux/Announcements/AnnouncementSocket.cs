using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Announcements;

/// <summary>
/// An AF_PACKET socket that sends gratuitous ARPs and unsolicited neighbour advertisements out of
/// one interface. Protocol 0 at socket creation means it receives nothing: it is send-only.
/// Frames are built into a reusable buffer, so announcing allocates nothing.
/// </summary>
public sealed class AnnouncementSocket : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly byte[] _frame = new byte[Math.Max(GratuitousArp.FrameLength, UnsolicitedNeighborAdvertisement.FrameLength)];
    private readonly byte[] _mac;

    private AnnouncementSocket(SafeFileDescriptor fd, int interfaceIndex, byte[] mac)
    {
        _fd = fd;
        InterfaceIndex = interfaceIndex;
        _mac = mac;
    }

    public int InterfaceIndex { get; }

    /// <summary>Opens the socket in the calling thread's namespace for an Ethernet interface with the given 6-byte MAC.</summary>
    public static AnnouncementSocket Open(int interfaceIndex, ReadOnlySpan<byte> hardwareAddress)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(interfaceIndex);
        if (hardwareAddress.Length != 6)
        {
            throw new ArgumentException("gratuitous ARP and NA are built for Ethernet (6-byte) hardware addresses", nameof(hardwareAddress));
        }

        SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
            Interop.Libc.socket(Interop.AddressFamilies.AF_PACKET, Interop.SocketTypes.SOCK_RAW | Interop.SocketTypes.SOCK_CLOEXEC, 0),
            "socket(AF_PACKET)");
        return new AnnouncementSocket(fd, interfaceIndex, hardwareAddress.ToArray());
    }

    /// <summary>Broadcasts one gratuitous ARP for an IPv4 address.</summary>
    public void SendGratuitousArp(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        RequireFamily(address, AddressFamily.InterNetwork, bytes);
        int length = GratuitousArp.Write(_frame, _mac, bytes);
        Send(length, Interop.Protocols.ETH_P_ARP, broadcastDestination: true, "sendto(gratuitous ARP)");
    }

    /// <summary>Multicasts one unsolicited neighbour advertisement for an IPv6 address to all nodes.</summary>
    public void SendNeighborAdvertisement(IPAddress address, bool isRouter)
    {
        Span<byte> bytes = stackalloc byte[16];
        RequireFamily(address, AddressFamily.InterNetworkV6, bytes);
        int length = UnsolicitedNeighborAdvertisement.Write(_frame, _mac, bytes, isRouter);
        Send(length, Interop.Protocols.ETH_P_IPV6, broadcastDestination: false, "sendto(neighbour advertisement)");
    }

    public void Dispose() => _fd.Dispose();

    private static void RequireFamily(IPAddress address, AddressFamily family, Span<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != family || !address.TryWriteBytes(bytes, out int written) || written != bytes.Length)
        {
            throw new ArgumentException($"{address} is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address", nameof(address));
        }
    }

    private unsafe void Send(int length, ushort etherType, bool broadcastDestination, string operation)
    {
        // The frame already carries its Ethernet header (SOCK_RAW); sll_addr is the destination the
        // driver is told about, taken from the frame itself.
        var to = new Interop.sockaddr_ll
        {
            sll_family = Interop.AddressFamilies.AF_PACKET,
            sll_protocol = (ushort)System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(etherType),
            sll_ifindex = InterfaceIndex,
            sll_halen = 6,
        };
        for (int i = 0; i < 6; i++)
        {
            to.sll_addr[i] = broadcastDestination ? (byte)0xFF : _frame[i];
        }

        fixed (byte* frame = _frame)
        {
            while (Interop.Libc.sendto(_fd, frame, (nuint)length, 0, &to, (uint)sizeof(Interop.sockaddr_ll)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interop.Errors.EINTR)
                {
                    ThrowHelper.ThrowErrno(errno, operation);
                }
            }
        }
    }
}
