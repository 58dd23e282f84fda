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
    private readonly Func<IReadOnlyList<InterfaceAddress>> _dumpAddresses;
    private readonly Func<int, bool> _isLinkUp;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly NetlinkEventThread<AddressEvent> _thread;

    /// <param name="isLinkUp">
    /// Whether an interface is up at this moment (false when deleted): asked for each deletion the daemon did not make, so
    /// the loop can tell an address lost with its interface (the link event comes on another socket, maybe later) from
    /// one someone deleted.
    /// </param>
    /// <param name="failed">Told of a failed read or re-read (<see cref="NetlinkEventThread{TEvent}"/>).</param>
    public AddressEventReader(AddressMonitor monitor, Func<IReadOnlyList<InterfaceAddress>> dumpAddresses, Func<int, bool> isLinkUp, ChannelWriter<DaemonEvent> events, Action<string, SyscallException>? failed = null)
    {
        _dumpAddresses = dumpAddresses;
        _isLinkUp = isLinkUp;
        _events = events;
        _thread = new NetlinkEventThread<AddressEvent>(monitor, "vigil addresses", Handle, failed);
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
                int index = e.Address!.InterfaceIndex;
                _events.TryWrite(DaemonEvent.AddressRemoved(index, e.Address.Address, e.Ours, linkDown: !e.Ours && LinkQuestion.IsDownOrGone(_isLinkUp, index)));
                break;
            case AddressEventKind.Overrun:
                _events.TryWrite(DaemonEvent.AddressDump(ToKernelAddresses(_dumpAddresses())));
                break;
        }
    }
}
