using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Checking;

/// <summary>
/// Many TCP connects at once on one thread, without allocation per attempt: each attempt is a nonblocking
/// socket whose connect completes (or fails) through one epoll; an eventfd wakes the waiter. Not thread-safe
/// except <see cref="Wake"/>: one owner thread begins, waits and aborts. Sockets are opened in the network
/// namespace of that thread.
/// </summary>
public sealed unsafe class TcpConnectPoller : IDisposable
{
    /// <summary>The token <see cref="Wait"/> reports for a <see cref="Wake"/>.</summary>
    public const int WakeToken = -1;

    private static readonly bool s_packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;
    private static readonly int s_eventSize = s_packed ? 12 : 16;
    private static readonly int s_dataOffset = s_packed ? 4 : 8;

    private readonly int _epoll;
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
    /// Starts a connect to the encoded <paramref name="address"/>. Returns the descriptor of the attempt in
    /// progress (reported by <see cref="Wait"/> with <paramref name="token"/>), or -errno when it failed at once.
    /// <paramref name="connected"/> is true when it completed at once (the descriptor is then already closed and 0 returned).
    /// </summary>
    public int Begin(ReadOnlySpan<byte> address, int token, out bool connected)
    {
        connected = false;
        int family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        int fd = Interop.Libc.socket(family, Interop.Libc.SOCK_STREAM | Interop.SocketTypes.SOCK_NONBLOCK | Interop.SocketTypes.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return -Marshal.GetLastPInvokeError();
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
            connected = result == 0;
            return connected ? 0 : -errno;
        }

        if (Register(fd, Interop.Libc.EPOLLOUT, token) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            Interop.Libc.close(fd);
            return -errno;
        }

        return fd;
    }

    /// <summary>Ends an attempt still in progress (its timeout): closing the descriptor also removes it from the epoll.</summary>
    public static void Abort(int fd) => Interop.Libc.close(fd);

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

            int error = 0;
            uint length = sizeof(int);
            if (Interop.Libc.getsockopt(fd, Interop.SocketOptions.SOL_SOCKET, Interop.Libc.SO_ERROR, &error, &length) != 0)
            {
                error = Marshal.GetLastPInvokeError();
            }

            Interop.Libc.close(fd);
            done[i] = (token, fd, error);
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

    private int Register(int fd, uint events, int token)
    {
        byte* ev = stackalloc byte[16];
        new Span<byte>(ev, 16).Clear();
        *(uint*)ev = events;
        *(ulong*)(ev + s_dataOffset) = ((ulong)(uint)token << 32) | (uint)fd;
        return Interop.Libc.epoll_ctl(_epoll, Interop.Libc.EPOLL_CTL_ADD, fd, ev);
    }
}
