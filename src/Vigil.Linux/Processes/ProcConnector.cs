using System.Buffers.Binary;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Processes;

/// <summary>
/// The kernel's process events (NETLINK_CONNECTOR, CN_IDX_PROC, subscribed with PROC_CN_MCAST_LISTEN),
/// as keepalived's track_process uses them: fork, exec, comm and exit of every process, the moment
/// they happen. Needs CAP_NET_ADMIN, and the connector exists only in the initial network namespace
/// (<see cref="OpenInInitialNamespace"/> for a daemon started inside another one). Datagrams not from
/// the kernel (port id 0) are dropped by <see cref="NetlinkSocket"/>.
/// </summary>
public sealed class ProcConnector : IDisposable
{
    private const uint ProcCnMcastListen = 1;
    private const ushort NlmsgDone = 3;

    private readonly NetlinkSocket _socket;

    private ProcConnector(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Opens and subscribes in the calling thread's network namespace (throws <see cref="SyscallException"/>, e.g. EPROTONOSUPPORT outside the initial one).</summary>
    public static ProcConnector Open()
    {
        NetlinkSocket socket = NetlinkSocket.Open(ProcEventParser.CnIdxProc, Interop.Protocols.NETLINK_CONNECTOR);
        try
        {
            Span<byte> listen = stackalloc byte[NetlinkMessage.HeaderSize + 20 + 4];
            listen.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(listen, (uint)listen.Length);     // nlmsg_len
            BinaryPrimitives.WriteUInt16LittleEndian(listen[4..], NlmsgDone);           // nlmsg_type
            Span<byte> cn = listen[NetlinkMessage.HeaderSize..];
            BinaryPrimitives.WriteUInt32LittleEndian(cn, ProcEventParser.CnIdxProc);    // id.idx
            BinaryPrimitives.WriteUInt32LittleEndian(cn[4..], ProcEventParser.CnValProc); // id.val
            BinaryPrimitives.WriteUInt16LittleEndian(cn[16..], 4);                      // len
            BinaryPrimitives.WriteUInt32LittleEndian(cn[20..], ProcCnMcastListen);      // the op
            socket.Send(listen, "PROC_CN_MCAST_LISTEN");
            return new ProcConnector(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the connector from a thread that entered PID 1's network namespace (needs CAP_SYS_ADMIN):
    /// the socket keeps that namespace, it only hears process events and touches no interface.
    /// </summary>
    public static ProcConnector OpenInInitialNamespace()
    {
        ProcConnector? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using SafeFileDescriptor fd = SafeFileDescriptor.FromResult(
                    Interop.Libc.open("/proc/1/ns/net", Interop.Files.O_RDONLY | Interop.Files.O_CLOEXEC), "open(/proc/1/ns/net)");
                ThrowHelper.ThrowIfFailed(Interop.Libc.setns(fd, Interop.Files.CLONE_NEWNET), "setns(/proc/1/ns/net)");
                result = Open();
            }
            catch (SyscallException e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "vigil proc connector open",
        };
        thread.Start();
        thread.Join();
        return result ?? throw failure ?? new SyscallException("proc connector: no result");
    }

    public WaitOutcome Wait(int timeoutMilliseconds) => _socket.Wait(timeoutMilliseconds);

    public void Wake() => _socket.Wake();

    /// <summary>Appends every pending event without blocking (an <see cref="ProcEventKind.Overrun"/> when the kernel dropped some).</summary>
    public int ReadEvents(ICollection<ProcEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        int count = 0;
        while (true)
        {
            ReadOnlySpan<byte> datagram;
            try
            {
                datagram = _socket.Receive(dontWait: true, "proc connector");
            }
            catch (SyscallException e) when (e.Errno == Interop.Errors.ENOBUFS)
            {
                events.Add(new ProcEvent(ProcEventKind.Overrun, 0));
                count++;
                continue;
            }

            if (datagram.IsEmpty)
            {
                return count;
            }

            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (ProcEventParser.TryParse(message.Body, out ProcEvent processEvent))
                {
                    events.Add(processEvent);
                    count++;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
