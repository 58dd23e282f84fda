using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading route/rule deletions (<see cref="RoutingMonitor"/>) and handing each to
/// the given handler on the loop thread, in order with the other events. Deletions are rare: a closure each is fine.
/// </summary>
public sealed class RoutingEventReader : IDisposable
{
    private readonly RoutingMonitor _monitor;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly Action<RoutingEvent> _onLoop;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public RoutingEventReader(RoutingMonitor monitor, ChannelWriter<DaemonEvent> events, Action<RoutingEvent> onLoop)
    {
        _monitor = monitor;
        _events = events;
        _onLoop = onLoop;
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil routes" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _monitor.Wake();
        _thread.Join();
    }

    private void Run()
    {
        var batch = new List<RoutingEvent>();
        while (!_stopping)
        {
            if (_monitor.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            batch.Clear();
            _monitor.ReadEvents(batch);
            foreach (RoutingEvent e in batch)
            {
                _events.TryWrite(DaemonEvent.OnLoop(() => _onLoop(e)));
            }
        }
    }
}
