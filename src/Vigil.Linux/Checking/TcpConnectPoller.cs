using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Checking;

/// <summary>
/// Many TCP connects (and ICMP echoes, <see cref="BeginEcho"/>) at once on one thread, without allocation per
/// attempt: each attempt is a nonblocking socket whose connect completes (or fails), or whose echo reply
/// arrives, through one epoll; an eventfd wakes the waiter. Not thread-safe except <see cref="Wake"/>: one
/// owner thread begins, waits and aborts. Sockets are opened in the network namespace of that thread.
/// </summary>
public sealed unsafe class TcpConnectPoller : IConnectPoller
{
    /// <summary>The token <see cref="Wait"/> reports for a <see cref="Wake"/>.</summary>
    public const int WakeToken = -1;

    private static readonly bool s_packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int s_eventSize = s_packed ? 12 : 16;
    private static readonly int s_dataOffset = s_packed ? 4 : 8;

    /// <summary>Marks an echo attempt's token in the epoll data (tokens are below it).</summary>
    private const int EchoFlag = 1 << 30;

    /// <summary>keepalived check_ping.c: 128 bytes of data after the 8-byte header, and a 128 KiB receive buffer.</summary>
    private const int EchoData = 128;
    private const int EchoReceiveBuffer = 128 * 1024;

    private readonly int _epoll;
    private readonly byte[] _echo = EchoPacket();
    private readonly byte[] _reply = new byte[8 + EchoData];
    private ushort _sequence;
    private readonly int _wake;
    private readonly byte[] _events;
    private readonly int _capacity;

    public TcpConnectPoller(int capacity = 256)
    {
        _capacity = capacity;
        _events = new byte[capacity * s_eventSize];
        _epoll = Interop.Libc.epoll_create1(Interop.Libc.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new SyscallException(Marshal.GetLastPInvokeError(), "epoll_create1");
        }

        _wake = Interop.Libc.eventfd(0, Interop.Libc.EFD_NONBLOCK | Interop.Libc.EFD_CLOEXEC);
        if (_wake < 0 || Register(_wake, Interop.Libc.EPOLLIN, WakeToken) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Dispose();
            throw new SyscallException(errno, "eventfd");
        }
    }

    /// <summary>The sockaddr of <paramref name="target"/> (sockaddr_in or sockaddr_in6) written into <paramref name="address"/>; returns its length.</summary>
    public static int Encode(IPEndPoint target, Span<byte> address)
    {
        ArgumentNullException.ThrowIfNull(target);
        address.Clear();
        bool v6 = target.AddressFamily == AddressFamily.InterNetworkV6;
        BinaryPrimitives.WriteUInt16LittleEndian(address, (ushort)(v6 ? Interop.AddressFamilies.AF_INET6 : Interop.AddressFamilies.AF_INET));
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)target.Port);
        if (v6)
        {
            target.Address.TryWriteBytes(address[8..24], out _);
            BinaryPrimitives.WriteUInt32LittleEndian(address[24..], (uint)target.Address.ScopeId);
            return 28;
        }

        target.Address.TryWriteBytes(address[4..8], out _);
        return 16;
    }

    /// <summary>
    /// Starts a connect to the encoded <paramref name="address"/> from <paramref name="source"/> (keepalived's
    /// socket_bind_connect: the mark, then the interface, then the source address, before the connect). Returns, by
    /// <paramref name="start"/>: the descriptor of the attempt in progress (reported by <see cref="Wait"/> with
    /// <paramref name="token"/>); 0 when it connected at once (the descriptor is then already closed); the errno when the
    /// connect failed at once, or when the source could not be set (keepalived makes no verdict then: it tries again).
    /// The socket lingers 0 s: its close resets the connection (no TIME_WAIT), as keepalived's checkers do.
    /// </summary>
    public int Begin(ReadOnlySpan<byte> address, in ConnectSource source, int token, out ConnectStart start)
    {
        int family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        int fd = Interop.Libc.socket(family, Interop.Libc.SOCK_STREAM | Interop.SocketTypes.SOCK_NONBLOCK | Interop.SocketTypes.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            start = ConnectStart.Failed;
            return Marshal.GetLastPInvokeError();
        }

        // keepalived's tcp_connect: linger on, 0 s, so the close after the check resets the connection instead of
        // leaving a TIME_WAIT socket (1,000 checks a second would keep ~60,000 of them, and every connect's port
        // search walks past them) and costing the real server a FIN exchange. Best effort, as keepalived.
        int* linger = stackalloc int[2] { 1, 0 };
        _ = Interop.Libc.setsockopt_fd(fd, Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_LINGER, linger, 2 * sizeof(int));
        if (!SetSource(fd, source))
        {
            int failed = Marshal.GetLastPInvokeError();
            Interop.Libc.close(fd);
            start = ConnectStart.SourceFailed;
            return failed;
        }

        int result;
        fixed (byte* a = address)
        {
            result = Interop.Libc.connect(fd, a, (uint)address.Length);
        }

        int errno = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (result == 0 || errno != Interop.Libc.EINPROGRESS)
        {
            Interop.Libc.close(fd);
            start = result == 0 ? ConnectStart.Connected : ConnectStart.Failed;
            return errno;
        }

        if (Register(fd, Interop.Libc.EPOLLOUT, token) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            Interop.Libc.close(fd);
            start = ConnectStart.Failed;
            return errno;
        }

        start = ConnectStart.InProgress;
        return fd;
    }

    /// <summary>
    /// Sends an ICMP (or, for an IPv6 <paramref name="address"/>, ICMPv6) echo request from a new unprivileged
    /// ICMP datagram socket (SOCK_DGRAM, IPPROTO_ICMP: the kernel sets the identifier and the checksum and
    /// passes up only the replies to it), as keepalived's PING_CHECK does. Returns the descriptor (its reply
    /// is reported by <see cref="Wait"/> with <paramref name="token"/>, errno 0 for an echo reply), or -errno
    /// when the socket or the send failed (EACCES: the group is outside net.ipv4.ping_group_range).
    /// </summary>
    public int BeginEcho(ReadOnlySpan<byte> address, int token)
    {
        int family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        bool v6 = family == Interop.AddressFamilies.AF_INET6;
        int fd = Interop.Libc.socket(family, Interop.SocketTypes.SOCK_DGRAM | Interop.SocketTypes.SOCK_NONBLOCK | Interop.SocketTypes.SOCK_CLOEXEC,
            v6 ? Interop.Protocols.IPPROTO_ICMPV6 : Interop.Libc.IPPROTO_ICMP);
        if (fd < 0)
        {
            return -Marshal.GetLastPInvokeError();
        }

        int size = EchoReceiveBuffer;
        _ = Interop.Libc.setsockopt_fd(fd, Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_RCVBUF, &size, sizeof(int)); // best effort, as keepalived
        _echo[0] = v6 ? (byte)128 : (byte)8; // ICMP6_ECHO_REQUEST / ICMP_ECHO
        BinaryPrimitives.WriteUInt16BigEndian(_echo.AsSpan(6), _sequence++);
        nint sent;
        fixed (byte* packet = _echo)
        fixed (byte* a = address)
        {
            sent = Interop.Libc.sendto_fd(fd, packet, (nuint)_echo.Length, 0, a, (uint)address.Length);
        }

        if (sent < 0 || Register(fd, Interop.Libc.EPOLLIN, token | EchoFlag) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Interop.Libc.close(fd);
            return -errno;
        }

        return fd;
    }

    /// <summary>Ends an attempt still in progress (its timeout): closing the descriptor also removes it from the epoll.</summary>
    public void Abort(int fd) => Interop.Libc.close(fd);

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (-1: no limit) and reports finished attempts as (token, fd,
    /// errno: 0 connected) into <paramref name="done"/>, closing their descriptors; a wake-up is reported with
    /// <see cref="WakeToken"/>. Returns how many were written.
    /// </summary>
    public int Wait(int timeoutMs, Span<(int Token, int Fd, int Error)> done)
    {
        int max = Math.Min(done.Length, _capacity);
        int n;
        fixed (byte* events = _events)
        {
            n = Interop.Libc.epoll_wait(_epoll, events, max, timeoutMs);
        }

        if (n < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Interop.Errors.EINTR ? 0 : throw new SyscallException(errno, "epoll_wait");
        }

        for (int i = 0; i < n; i++)
        {
            uint mask = BinaryPrimitives.ReadUInt32LittleEndian(_events.AsSpan(i * s_eventSize));
            ulong data = BinaryPrimitives.ReadUInt64LittleEndian(_events.AsSpan((i * s_eventSize) + s_dataOffset));
            int token = (int)(uint)(data >> 32);
            int fd = (int)(uint)data;
            if (token == WakeToken)
            {
                ulong count;
                Interop.Libc.read_fd(_wake, &count, sizeof(ulong));
                done[i] = (WakeToken, -1, 0);
                continue;
            }

            int error = (token & EchoFlag) != 0 ? ReceiveEcho(fd) : ConnectError(fd, mask);
            Interop.Libc.close(fd);
            done[i] = (token & ~EchoFlag, fd, error);
        }

        return n;
    }

    /// <summary>Makes a <see cref="Wait"/> in progress (or the next one) return at once; any thread.</summary>
    public void Wake()
    {
        ulong one = 1;
        Interop.Libc.write_fd(_wake, &one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (_wake >= 0)
        {
            Interop.Libc.close(_wake);
        }

        if (_epoll >= 0)
        {
            Interop.Libc.close(_epoll);
        }
    }

    /// <summary>
    /// A finished connect's errno (0: connected). Writable without EPOLLERR or EPOLLHUP is a connect that completed (a
    /// failed one has its error pending, which the kernel reports as EPOLLERR): no SO_ERROR read then, one syscall fewer
    /// per healthy check (6 → 5). keepalived reads SO_ERROR every time; with either flag this reads it too, and a pending
    /// error of 0 counts as connected, as there.
    /// </summary>
    private static int ConnectError(int fd, uint events) => (events & (Interop.Libc.EPOLLERR | Interop.Libc.EPOLLHUP)) == 0 ? 0 : SocketError(fd);

    private static int SocketError(int fd)
    {
        int error = 0;
        uint length = sizeof(int);
        return Interop.Libc.getsockopt(fd, Interop.SocketOptions.SOL_SOCKET, Interop.Libc.SO_ERROR, &error, &length) != 0 ? Marshal.GetLastPInvokeError() : error;
    }

    /// <summary>keepalived recv_it/recv6_it: the first datagram must be at least a header and an echo reply (ICMP 0, ICMPv6 129).</summary>
    private int ReceiveEcho(int fd)
    {
        nint length;
        fixed (byte* reply = _reply)
        {
            length = Interop.Libc.recv_fd(fd, reply, (nuint)_reply.Length, Interop.MessageFlags.MSG_DONTWAIT);
        }

        if (length < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        return length >= 8 && _reply[0] is 0 or 129 ? 0 : Interop.Libc.EBADMSG;
    }

    /// <summary>An echo request with keepalived's data ("keepalived check - " repeated); type and sequence are set per send.</summary>
    private static byte[] EchoPacket()
    {
        byte[] packet = new byte[8 + EchoData];
        ReadOnlySpan<byte> filler = "keepalived check - "u8;
        for (int i = 0; i < EchoData; i++)
        {
            packet[8 + i] = filler[i % filler.Length];
        }

        return packet;
    }

    /// <summary>SO_MARK, SO_BINDTODEVICE, bind, each only when set; false with errno set when one fails.</summary>
    private static bool SetSource(int fd, in ConnectSource source)
    {
        uint mark = source.Mark;
        if (mark != 0 && Interop.Libc.setsockopt_fd(fd, Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_MARK, &mark, sizeof(uint)) != 0)
        {
            return false;
        }

        if (!source.Device.IsEmpty)
        {
            fixed (byte* device = source.Device)
            {
                if (Interop.Libc.setsockopt_fd(fd, Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_BINDTODEVICE, device, (uint)source.Device.Length) != 0)
                {
                    return false;
                }
            }
        }

        if (source.Address.IsEmpty)
        {
            return true;
        }

        fixed (byte* a = source.Address)
        {
            return Interop.Libc.bind_fd(fd, a, (uint)source.Address.Length) == 0;
        }
    }

    private int Register(int fd, uint events, int token)
    {
        byte* ev = stackalloc byte[16];
        new Span<byte>(ev, 16).Clear();
        *(uint*)ev = events;
        *(ulong*)(ev + s_dataOffset) = ((ulong)(uint)token << 32) | (uint)fd;
        return Interop.Libc.epoll_ctl(_epoll, Interop.Libc.EPOLL_CTL_ADD, fd, ev);
    }
}
