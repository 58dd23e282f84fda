using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading route/rule deletions (<see cref="RoutingMonitor"/>) and handing each to
/// the given handler on the loop thread, in order with the other events. Deletions are rare: a closure each is fine.
/// </summary>
public sealed class RoutingEventReader : IDisposable
{
    private readonly NetlinkEventThread<RoutingEvent> _thread;

    public RoutingEventReader(RoutingMonitor monitor, ChannelWriter<DaemonEvent> events, Action<RoutingEvent> onLoop) =>
        _thread = new NetlinkEventThread<RoutingEvent>(monitor, "vigil routes", e => events.TryWrite(DaemonEvent.OnLoop(() => onLoop(e))));

    public void Dispose() => _thread.Dispose();
}
