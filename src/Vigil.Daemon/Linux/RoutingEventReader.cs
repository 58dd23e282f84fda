using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading route/rule deletions (<see cref="RoutingMonitor"/>) and handing each to the given handler on the
/// loop thread, in order with the other events. After a kernel overrun (ENOBUFS), as the link and address readers do,
/// the routes and rules are re-read with a dump (here, off the loop) and the loop gets the tables instead, so a deletion
/// whose notification was dropped is still found. Deletions are rare: a closure each is fine.
/// </summary>
public sealed class RoutingEventReader : IDisposable
{
    private readonly NetlinkEventThread<RoutingEvent> _thread;

    /// <param name="onDeleted">
    /// Given the deletion and whether the route's device was down or gone when it was read: IPv6 removes a link's routes
    /// when it goes down, after announcing the down on the link monitor's socket, which may be read later.
    /// </param>
    public RoutingEventReader(RoutingMonitor monitor, RtNetlink dumper, ChannelWriter<DaemonEvent> events, Action<RoutingEvent, bool> onDeleted, Action<RoutingDump> onDump, Action<string, SyscallException>? failed = null) =>
        _thread = new NetlinkEventThread<RoutingEvent>(monitor, "vigil routes", e =>
        {
            if (e.IsOverrun)
            {
                RoutingDump dump = Dump(dumper);
                events.TryWrite(DaemonEvent.OnLoop(() => onDump(dump)));
            }
            else
            {
                bool deviceDown = e.Route is { OutputInterface: not 0 and int device } && LinkQuestion.IsDownOrGone(dumper.IsLinkUp, device);
                events.TryWrite(DaemonEvent.OnLoop(() => onDeleted(e, deviceDown)));
            }
        }, failed);

    public void Dispose() => _thread.Dispose();

    private static RoutingDump Dump(RtNetlink dumper)
    {
        try
        {
            return new RoutingDump(dumper.GetRoutes(), dumper.GetRules(), null);
        }
        catch (SyscallException e)
        {
            return new RoutingDump([], [], e.Message);
        }
    }
}

/// <summary>The routes and rules marked RTPROT_KEEPALIVED re-read after an overrun, or why they could not be.</summary>
public sealed record RoutingDump(IReadOnlyList<RouteRequest> Routes, IReadOnlyList<RuleRequest> Rules, string? Error);
