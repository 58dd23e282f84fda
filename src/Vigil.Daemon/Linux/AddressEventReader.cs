using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading RTM_NEWADDR/RTM_DELADDR notifications and posting address events. After a kernel overrun
/// (ENOBUFS) every address is re-read with a dump and posted whole, so no deletion is missed.
/// </summary>
public sealed class AddressEventReader : IDisposable
{
    private readonly Func<IReadOnlyList<InterfaceAddress>> _dumpAddresses;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly NetlinkEventThread<AddressEvent> _thread;

    public AddressEventReader(AddressMonitor monitor, Func<IReadOnlyList<InterfaceAddress>> dumpAddresses, ChannelWriter<DaemonEvent> events)
    {
        _dumpAddresses = dumpAddresses;
        _events = events;
        _thread = new NetlinkEventThread<AddressEvent>(monitor, "vigil addresses", Handle);
    }

    public void Dispose() => _thread.Dispose();

    /// <summary>The dump as the loop takes it.</summary>
    public static IReadOnlyList<KernelAddress> ToKernelAddresses(IEnumerable<InterfaceAddress> addresses) =>
        [.. addresses.Select(a => new KernelAddress(a.InterfaceIndex, a.Address))];

    private void Handle(AddressEvent e)
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
