using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// The thread behind each netlink event reader (links, addresses, routes and rules): waits on the monitor, reads what
/// is pending and hands each event, in order, to <c>handle</c>; <see cref="Dispose"/> wakes it and waits for it to end.
/// </summary>
public sealed class NetlinkEventThread<TEvent> : IDisposable
{
    private readonly INetlinkMonitor<TEvent> _monitor;
    private readonly Action<TEvent> _handle;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public NetlinkEventThread(INetlinkMonitor<TEvent> monitor, string name, Action<TEvent> handle)
    {
        _monitor = monitor;
        _handle = handle;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
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
        var batch = new List<TEvent>();
        while (!_stopping)
        {
            if (_monitor.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            batch.Clear();
            _monitor.ReadEvents(batch);
            foreach (TEvent e in batch)
            {
                _handle(e);
            }
        }
    }
}
