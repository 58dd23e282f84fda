using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// The thread behind each netlink event reader (links, addresses, routes and rules): waits on the monitor, reads what
/// is pending and hands each event, in order, to <c>handle</c>; <see cref="Dispose"/> wakes it and waits for it to end.
/// A failed read or handling (a socket error, an overrun's re-read that failed) is reported and the thread goes on:
/// an exception left to end the thread would end the daemon, and with it the VIPs it holds.
/// </summary>
public sealed class NetlinkEventThread<TEvent> : IDisposable
{
    private static readonly TimeSpan s_pauseAfterReadFailure = TimeSpan.FromMilliseconds(200);

    private readonly INetlinkMonitor<TEvent> _monitor;
    private readonly Action<TEvent> _handle;
    private readonly Action<string, SyscallException>? _failed;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="failed">Told the thread's name and the failure; the daemon logs it (a change may have been missed).</param>
    public NetlinkEventThread(INetlinkMonitor<TEvent> monitor, string name, Action<TEvent> handle, Action<string, SyscallException>? failed = null)
    {
        _monitor = monitor;
        _handle = handle;
        _failed = failed;
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
            try
            {
                _monitor.ReadEvents(batch);
            }
            catch (SyscallException e)
            {
                _failed?.Invoke(_thread.Name!, e);
                Thread.Sleep(s_pauseAfterReadFailure); // a socket that keeps failing must not spin a core
            }

            foreach (TEvent e in batch)
            {
                try
                {
                    _handle(e);
                }
                catch (SyscallException failure)
                {
                    _failed?.Invoke(_thread.Name!, failure);
                }
            }
        }
    }
}
