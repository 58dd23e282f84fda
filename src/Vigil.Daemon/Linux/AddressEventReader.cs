using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading RTM_NEWADDR/RTM_DELADDR notifications and posting address events. After a kernel overrun
/// (ENOBUFS) every address is re-read with a dump and posted whole, so no deletion is missed.
/// </summary>
public sealed class AddressEventReader : IDisposable
{
    private readonly AddressMonitor _monitor;
    private readonly Func<IReadOnlyList<InterfaceAddress>> _dumpAddresses;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public AddressEventReader(AddressMonitor monitor, Func<IReadOnlyList<InterfaceAddress>> dumpAddresses, ChannelWriter<DaemonEvent> events)
    {
        _monitor = monitor;
        _dumpAddresses = dumpAddresses;
        _events = events;
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil addresses" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _monitor.Wake();
        _thread.Join();
    }

    /// <summary>The dump as the loop takes it.</summary>
    public static IReadOnlyList<KernelAddress> ToKernelAddresses(IEnumerable<InterfaceAddress> addresses) =>
        [.. addresses.Select(a => new KernelAddress(a.InterfaceIndex, a.Address))];

    private void Run()
    {
        var batch = new List<AddressEvent>();
        while (!_stopping)
        {
            if (_monitor.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            batch.Clear();
            _monitor.ReadEvents(batch);
            foreach (AddressEvent e in batch)
            {
                switch (e.Kind)
                {
                    case AddressEventKind.Added:
                        _events.TryWrite(DaemonEvent.AddressAdded(e.Address!.InterfaceIndex, e.Address.Address));
                        break;
                    case AddressEventKind.Removed:
                        _events.TryWrite(DaemonEvent.AddressRemoved(e.Address!.InterfaceIndex, e.Address.Address, e.Ours));
                        break;
                    case AddressEventKind.Overrun:
                        _events.TryWrite(DaemonEvent.AddressDump(ToKernelAddresses(_dumpAddresses())));
                        break;
                }
            }
        }
    }
}
