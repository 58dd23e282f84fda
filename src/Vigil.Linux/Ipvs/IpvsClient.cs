using System.Runtime.InteropServices;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Ipvs;

/// <summary>
/// IPVS through generic netlink (family "IPVS"), spoken directly rather than by running ipvsadm.
/// Not thread-safe: one owner issues one request at a time. Works in the network namespace of the
/// thread that opened it.
/// </summary>
public sealed class IpvsClient : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly byte[] _request = new byte[IpvsMessageWriter.MaxLength];
    private readonly ushort _familyId;
    private uint _sequence;

    private IpvsClient(NetlinkSocket socket, ushort familyId, uint sequence)
    {
        _socket = socket;
        _familyId = familyId;
        _sequence = sequence;
    }

    /// <summary>Opens the socket and resolves the IPVS family; throws <see cref="IpvsUnavailableException"/> where ip_vs is missing.</summary>
    public static IpvsClient Open()
    {
        NetlinkSocket socket = NetlinkSocket.Open(0, IpvsGenl.NETLINK_GENERIC);
        try
        {
            uint sequence = (uint)Environment.TickCount;
            ushort familyId = 0;
            int errno = Exchange(socket, IpvsMessageWriter.GetFamily(new byte[IpvsMessageWriter.MaxLength], ++sequence), sequence, "CTRL_CMD_GETFAMILY IPVS", body =>
            {
                if (IpvsMessageParser.TryParseFamilyId(body, out ushort id))
                {
                    familyId = id;
                }
            });
            if (errno == Interop.Errors.ENOENT || (errno == 0 && familyId == 0))
            {
                throw new IpvsUnavailableException(IpvsUnavailableException.Advice);
            }

            if (errno != 0)
            {
                throw new SyscallException(errno, "CTRL_CMD_GETFAMILY IPVS");
            }

            return new IpvsClient(socket, familyId, sequence);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether the running kernel has IPVS (opens and closes a client).</summary>
    public static bool IsAvailable(out string? reason)
    {
        try
        {
            using IpvsClient client = Open();
            reason = null;
            return true;
        }
        catch (Exception e) when (e is IpvsUnavailableException or SyscallException)
        {
            reason = e.Message;
            return false;
        }
    }

    public void AddService(IpvsService service) => Command(IpvsGenl.IPVS_CMD_NEW_SERVICE, service, full: true, null, false, $"add service {service}");

    public void UpdateService(IpvsService service) => Command(IpvsGenl.IPVS_CMD_SET_SERVICE, service, full: true, null, false, $"update service {service}");

    public void DeleteService(IpvsService service) => Command(IpvsGenl.IPVS_CMD_DEL_SERVICE, service, full: false, null, false, $"delete service {service}");

    public void AddDestination(IpvsService service, IpvsDestination destination) =>
        Command(IpvsGenl.IPVS_CMD_NEW_DEST, service, full: false, destination, true, $"add {destination} to {service}");

    public void UpdateDestination(IpvsService service, IpvsDestination destination) =>
        Command(IpvsGenl.IPVS_CMD_SET_DEST, service, full: false, destination, true, $"update {destination} in {service}");

    public void DeleteDestination(IpvsService service, IpvsDestination destination) =>
        Command(IpvsGenl.IPVS_CMD_DEL_DEST, service, full: false, destination, false, $"delete {destination} from {service}");

    /// <summary>Removes every service and destination (ipvsadm -C).</summary>
    public void Flush()
    {
        uint sequence = ++_sequence;
        var writer = new IpvsMessageWriter(_request, _familyId, IpvsGenl.IPVS_CMD_FLUSH, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK, sequence);
        ThrowIfFailed(Exchange(_socket, writer.Finish(), sequence, "IPVS flush", null), "IPVS flush");
    }

    public IReadOnlyList<IpvsService> GetServices() =>
        Dump<IpvsService>(IpvsGenl.IPVS_CMD_GET_SERVICE, null, "IPVS get services", (ReadOnlySpan<byte> body, out IpvsService? s) => IpvsMessageParser.TryParseService(body, out s));

    public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service)
    {
        ushort family = IpvsMessageWriter.Family(service.Address);
        return Dump<IpvsDestination>(IpvsGenl.IPVS_CMD_GET_DEST, service, $"IPVS get destinations of {service}",
            (ReadOnlySpan<byte> body, out IpvsDestination? d) => IpvsMessageParser.TryParseDestination(body, family, out d));
    }

    /// <summary>Starts a kernel sync daemon (ipvsadm --start-daemon); EEXIST when one of that role already runs.</summary>
    public void StartSyncDaemon(IpvsSyncDaemon daemon) => DaemonCommand(IpvsGenl.IPVS_CMD_NEW_DAEMON, daemon, full: true, $"start the {daemon}");

    /// <summary>Stops the sync daemon of <paramref name="role"/> (ipvsadm --stop-daemon); false when none was running.</summary>
    public bool StopSyncDaemon(IpvsSyncRole role)
    {
        try
        {
            DaemonCommand(IpvsGenl.IPVS_CMD_DEL_DAEMON, new IpvsSyncDaemon(role, "", 0), full: false, $"stop the {role.ToString().ToLowerInvariant()} sync daemon");
            return true;
        }
        catch (SyscallException e) when (e.Errno == Interop.Errors.ESRCH)
        {
            return false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private void DaemonCommand(byte command, IpvsSyncDaemon daemon, bool full, string operation)
    {
        uint sequence = ++_sequence;
        var writer = new IpvsMessageWriter(_request, _familyId, command, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK, sequence);
        writer.SyncDaemon(daemon, full);
        ThrowIfFailed(Exchange(_socket, writer.Finish(), sequence, operation, null), operation);
    }

    private void Command(byte command, IpvsService service, bool full, IpvsDestination? destination, bool fullDestination, string operation)
    {
        uint sequence = ++_sequence;
        var writer = new IpvsMessageWriter(_request, _familyId, command, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK, sequence);
        writer.Service(service, full);
        if (destination is not null)
        {
            writer.Destination(destination, fullDestination);
        }

        ThrowIfFailed(Exchange(_socket, writer.Finish(), sequence, operation, null), operation);
    }

    private static void ThrowIfFailed(int errno, string operation)
    {
        if (errno != 0)
        {
            throw new SyscallException(errno, operation);
        }
    }

    /// <summary>Sends one request and reads replies until its ack, error or dump end; returns the errno (0 on success).</summary>
    private static int Exchange(NetlinkSocket socket, ReadOnlySpan<byte> request, uint sequence, string operation, BodyAction? onBody)
    {
        socket.Send(request, operation);
        while (true)
        {
            ReadOnlySpan<byte> datagram = socket.Receive(dontWait: false, operation);
            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (message.Header.nlmsg_seq != sequence)
                {
                    continue; // a stale reply to an earlier, abandoned request
                }

                switch (message.Header.nlmsg_type)
                {
                    case Interop.Netlink.NLMSG_DONE:
                        return 0;
                    case Interop.Netlink.NLMSG_ERROR:
                        if (message.Body.Length < sizeof(int))
                        {
                            return Interop.Errors.EINVAL;
                        }

                        // nlmsgerr.error: 0 acknowledges, -errno fails.
                        return -MemoryMarshal.Read<int>(message.Body);
                    default:
                        onBody?.Invoke(message.Body);
                        break;
                }
            }
        }
    }

    private delegate void BodyAction(ReadOnlySpan<byte> body);

    private delegate bool EntryParser<T>(ReadOnlySpan<byte> body, out T? entry)
        where T : class;

    /// <summary>One NLM_F_DUMP request (of a service's entries when <paramref name="of"/> is set): every reply the parser takes.</summary>
    private List<T> Dump<T>(byte command, IpvsService? of, string operation, EntryParser<T> parse)
        where T : class
    {
        var entries = new List<T>();
        uint sequence = ++_sequence;
        var writer = new IpvsMessageWriter(_request, _familyId, command, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_DUMP, sequence);
        if (of is not null)
        {
            writer.Service(of, full: false);
        }

        ThrowIfFailed(Exchange(_socket, writer.Finish(), sequence, operation, body =>
        {
            if (parse(body, out T? entry))
            {
                entries.Add(entry!);
            }
        }), operation);
        return entries;
    }
}
