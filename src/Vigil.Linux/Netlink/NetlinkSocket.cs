using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket with a reusable receive buffer. Datagrams whose sender is not the
/// kernel (nl_pid != 0) are dropped: any local process may send to our port id, and only the
/// kernel's word on addresses and links counts.
/// </summary>
internal sealed class NetlinkSocket : IDisposable
{
    // A dump datagram is at most about a page per message batch; 64 KiB leaves ample room and
    // MSG_TRUNC still catches the impossible case instead of parsing half a message.
    private const int ReceiveBufferSize = 64 * 1024;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ReceiveBufferSize, pinned: true);
    private readonly Readiness _readiness = new();

    private NetlinkSocket(SafeFileDescriptor fd)
    {
        Handle = fd;
    }

    public SafeFileDescriptor Handle { get; }

    /// <summary>The port id the kernel bound it to: notifications caused by its requests carry it as nlmsg_pid.</summary>
    public uint PortId { get; private init; }

    /// <summary>Joins one more multicast group (RTNLGRP_*), for groups beyond the 32 legacy bind bits.</summary>
    public unsafe void AddMembership(int group) =>
        ThrowHelper.ThrowIfFailed(
            Interop.Libc.setsockopt(Handle, Interop.SocketOptions.SOL_NETLINK, Interop.SocketOptions.NETLINK_ADD_MEMBERSHIP, &group, sizeof(int)),
            "setsockopt(NETLINK_ADD_MEMBERSHIP)");

    /// <summary>Datagrams dropped because their sender was not the kernel.</summary>
    public long ForeignDatagramsDropped { get; private set; }

    public static NetlinkSocket Open(uint groups) => Open(groups, Interop.Protocols.NETLINK_ROUTE);

    /// <summary>A socket of another netlink family (NETLINK_CONNECTOR for process events).</summary>
    public static unsafe NetlinkSocket Open(uint groups, int protocol)
    {
        SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
            Interop.Libc.socket(
                Interop.AddressFamilies.AF_NETLINK,
                Interop.SocketTypes.SOCK_RAW | Interop.SocketTypes.SOCK_CLOEXEC,
                protocol),
            "socket(AF_NETLINK)");
        try
        {
            int size = 1024 * 1024;
            _ = Interop.Libc.setsockopt(fd, Interop.SocketOptions.SOL_SOCKET, Interop.SocketOptions.SO_RCVBUF, &size, sizeof(int));
            var address = new Interop.sockaddr_nl { nl_family = Interop.AddressFamilies.AF_NETLINK, nl_groups = groups };
            ThrowHelper.ThrowIfFailed(Interop.Libc.bind(fd, &address, (uint)sizeof(Interop.sockaddr_nl)), "bind(AF_NETLINK)");
            uint length = (uint)sizeof(Interop.sockaddr_nl);
            ThrowHelper.ThrowIfFailed(Interop.Libc.getsockname(fd, &address, &length), "getsockname(AF_NETLINK)");
            return new NetlinkSocket(fd) { PortId = address.nl_pid };
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    public unsafe void Send(ReadOnlySpan<byte> message, string operation)
    {
        var kernel = new Interop.sockaddr_nl { nl_family = Interop.AddressFamilies.AF_NETLINK };
        fixed (byte* p = message)
        {
            nint sent = Interop.Libc.sendto(Handle, p, (nuint)message.Length, 0, &kernel, (uint)sizeof(Interop.sockaddr_nl));
            if (sent < 0)
            {
                ThrowHelper.ThrowLastError(operation);
            }
        }
    }

    public WaitOutcome Wait(int timeoutMilliseconds) => _readiness.Wait(Handle, timeoutMilliseconds);

    public void Wake() => _readiness.Wake();

    /// <summary>
    /// Receives one datagram from the kernel. Returns its bytes (valid until the next call), or an
    /// empty span when nothing is waiting and <paramref name="dontWait"/> is set. Throws with the
    /// errno otherwise (ENOBUFS means the kernel dropped events: the caller must resynchronise).
    /// </summary>
    public unsafe ReadOnlySpan<byte> Receive(bool dontWait, string operation)
    {
        while (true)
        {
            Interop.sockaddr_nl sender;
            var iov = new Interop.iovec { iov_base = Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)), iov_len = (nuint)_buffer.Length };
            var msg = new Interop.msghdr
            {
                msg_name = &sender,
                msg_namelen = (uint)sizeof(Interop.sockaddr_nl),
                msg_iov = &iov,
                msg_iovlen = 1,
            };
            nint received = Interop.Libc.recvmsg(Handle, &msg, dontWait ? Interop.MessageFlags.MSG_DONTWAIT : 0);
            if (received < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == Interop.Errors.EINTR)
                {
                    continue;
                }

                if (errno == Interop.Errors.EAGAIN && dontWait)
                {
                    return ReadOnlySpan<byte>.Empty;
                }

                ThrowHelper.ThrowErrno(errno, operation);
            }

            if (msg.msg_namelen < sizeof(Interop.sockaddr_nl) || sender.nl_family != Interop.AddressFamilies.AF_NETLINK || sender.nl_pid != 0)
            {
                ForeignDatagramsDropped++;
                continue;
            }

            if ((msg.msg_flags & Interop.MessageFlags.MSG_TRUNC) != 0)
            {
                ThrowHelper.ThrowErrno(Interop.Errors.ENOBUFS, operation + " (truncated datagram)");
            }

            return _buffer.AsSpan(0, (int)received);
        }
    }

    public void Dispose()
    {
        Handle.Dispose();
        _readiness.Dispose();
    }
}
