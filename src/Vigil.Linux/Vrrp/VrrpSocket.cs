using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Linux.Vrrp;

/// <summary>
/// A raw socket for IP protocol 112 (VRRP) bound to one interface and one address family.
/// Outgoing TTL/hop limit is 255 (RFC 5798 §5.1.1.3 / §5.1.2.3: receivers drop anything else),
/// multicast loopback is off so an instance never hears itself, and IP(V6)_MULTICAST_ALL is off
/// so groups joined by other sockets on the host are not delivered here (keepalived does the same).
/// Receiving is split into <see cref="Wait"/> (blocking, wakeable) and <see cref="TryReceive"/>
/// (non-blocking, allocation-free) so one reader thread can drain bursts.
/// </summary>
public sealed partial class VrrpSocket : IDisposable
{
    private const int Ttl = 255;
    private const int VrrpChecksumOffset = 6;

    // An IPv4 raw socket returns the IP header too; 64 KiB holds any datagram the kernel can deliver
    // (a maximal VRRP packet is 4,088 bytes), so MSG_TRUNC means a broken sender, not a small buffer.
    private const int BufferSize = 64 * 1024;
    private const int ControlSize = 128;
    private const int AddressSize = 32;

    private readonly SafeFileDescriptor _fd;
    private readonly Readiness _readiness = new();
    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
    private readonly byte[] _control = GC.AllocateArray<byte>(ControlSize, pinned: true);
    private readonly byte[] _name = GC.AllocateArray<byte>(AddressSize, pinned: true);
    private readonly byte[] _destination = GC.AllocateArray<byte>(16, pinned: true);

    private VrrpSocket(SafeFileDescriptor fd, AddressFamily family, int interfaceIndex)
    {
        _fd = fd;
        Family = family;
        InterfaceIndex = interfaceIndex;
    }

    public AddressFamily Family { get; }

    public int InterfaceIndex { get; }

    /// <summary>
    /// Opens the socket in the calling thread's network namespace. Throws <see cref="SyscallException"/>
    /// (with <see cref="SyscallException.IsPermissionDenied"/> for a missing CAP_NET_RAW) or
    /// <see cref="ArgumentException"/> for an unknown interface.
    /// </summary>
    public static VrrpSocket Open(VrrpSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool isIPv4 = options.Family switch
        {
            AddressFamily.InterNetwork => true,
            AddressFamily.InterNetworkV6 => false,
            _ => throw new ArgumentException($"VRRP runs over IPv4 or IPv6, not {options.Family}", nameof(options)),
        };
        int interfaceIndex = (int)Interop.Libc.if_nametoindex(options.InterfaceName);
        if (interfaceIndex == 0)
        {
            throw new ArgumentException($"interface \"{options.InterfaceName}\" does not exist", nameof(options));
        }

        SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
            Interop.Libc.socket(
                isIPv4 ? Interop.AddressFamilies.AF_INET : Interop.AddressFamilies.AF_INET6,
                Interop.SocketTypes.SOCK_RAW | Interop.SocketTypes.SOCK_CLOEXEC,
                Interop.Protocols.IPPROTO_VRRP),
            isIPv4 ? "socket(AF_INET, SOCK_RAW, 112)" : "socket(AF_INET6, SOCK_RAW, 112)");
        try
        {
            var socket = new VrrpSocket(fd, options.Family, interfaceIndex);
            socket.Configure(options, isIPv4);
            return socket;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Joins another multicast group on this socket's interface.</summary>
    public unsafe void JoinGroup(IPAddress group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (Family == AddressFamily.InterNetwork)
        {
            var request = new Interop.ip_mreqn { imr_ifindex = InterfaceIndex };
            WriteAddress(group, new Span<byte>(request.imr_multiaddr, 4));
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_ADD_MEMBERSHIP, &request, sizeof(Interop.ip_mreqn), "IP_ADD_MEMBERSHIP");
        }
        else
        {
            var request = new Interop.ipv6_mreq { ipv6mr_interface = InterfaceIndex };
            WriteAddress(group, new Span<byte>(request.ipv6mr_multiaddr, 16));
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_ADD_MEMBERSHIP, &request, sizeof(Interop.ipv6_mreq), "IPV6_ADD_MEMBERSHIP");
        }
    }

    /// <summary>Blocks until a packet is waiting, the timeout passes, or <see cref="Wake"/> is called.</summary>
    public WaitOutcome Wait(int timeoutMilliseconds) => _readiness.Wait(_fd, timeoutMilliseconds);

    /// <summary>Ends a <see cref="Wait"/> in progress on another thread.</summary>
    public void Wake() => _readiness.Wake();

    public void Dispose()
    {
        _readiness.Wake();
        _fd.Dispose();
        _readiness.Dispose();
    }

    private unsafe void Configure(VrrpSocketOptions options, bool isIPv4)
    {
        byte[] name = Encoding.UTF8.GetBytes(options.InterfaceName + "\0");
        fixed (byte* p = name)
        {
            SetOption(Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_BINDTODEVICE, p, name.Length, "SO_BINDTODEVICE");
        }

        int bufferBytes = options.ReceiveBufferBytes;
        SetOption(Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_RCVBUF, &bufferBytes, sizeof(int), "SO_RCVBUF");

        int zero = 0;
        int one = 1;
        int ttl = Ttl;
        if (isIPv4)
        {
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_MULTICAST_ALL, &zero, sizeof(int), "IP_MULTICAST_ALL");
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_PKTINFO, &one, sizeof(int), "IP_PKTINFO");
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_TTL, &ttl, sizeof(int), "IP_TTL");
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_MULTICAST_TTL, &ttl, sizeof(int), "IP_MULTICAST_TTL");
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_MULTICAST_LOOP, &zero, sizeof(int), "IP_MULTICAST_LOOP");
            var outgoing = new Interop.ip_mreqn { imr_ifindex = InterfaceIndex };
            SetOption(Interop.Protocols.IPPROTO_IP, Interop.SocketOptions.IP_MULTICAST_IF, &outgoing, sizeof(Interop.ip_mreqn), "IP_MULTICAST_IF");
        }
        else
        {
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_MULTICAST_ALL, &zero, sizeof(int), "IPV6_MULTICAST_ALL");
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_RECVPKTINFO, &one, sizeof(int), "IPV6_RECVPKTINFO");
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_RECVHOPLIMIT, &one, sizeof(int), "IPV6_RECVHOPLIMIT");
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_UNICAST_HOPS, &ttl, sizeof(int), "IPV6_UNICAST_HOPS");
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_MULTICAST_HOPS, &ttl, sizeof(int), "IPV6_MULTICAST_HOPS");
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_MULTICAST_LOOP, &zero, sizeof(int), "IPV6_MULTICAST_LOOP");
            int index = InterfaceIndex;
            SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_MULTICAST_IF, &index, sizeof(int), "IPV6_MULTICAST_IF");
            if (options.KernelChecksumIPv6)
            {
                int offset = VrrpChecksumOffset;
                SetOption(Interop.Protocols.IPPROTO_IPV6, Interop.SocketOptions.IPV6_CHECKSUM, &offset, sizeof(int), "IPV6_CHECKSUM");
            }
        }

        foreach (IPAddress group in options.MulticastGroups)
        {
            JoinGroup(group);
        }
    }

    private unsafe void SetOption(int level, int option, void* value, int length, string operation) =>
        ThrowHelper.ThrowIfFailed(Interop.Libc.setsockopt(_fd, level, option, value, (uint)length), "setsockopt(" + operation + ")");

    private void WriteAddress(IPAddress address, Span<byte> destination)
    {
        if (address.AddressFamily != Family || !address.TryWriteBytes(destination, out int written) || written != destination.Length)
        {
            throw new ArgumentException($"{address} is not an {(Family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address", nameof(address));
        }
    }
}
