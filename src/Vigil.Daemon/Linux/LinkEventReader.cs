using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// One thread reading RTMGRP_LINK notifications and posting link up/down, created and deleted events (with the
/// interface's name, which dynamic_interfaces follows). After a kernel
/// overrun (ENOBUFS) every link's state is re-read with a dump, so no transition is lost.
/// </summary>
public sealed class LinkEventReader : IDisposable
{
    private readonly Func<IReadOnlyList<LinkInfo>> _dumpLinks;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly NoArpInterfaces? _noArp;
    private readonly VrfMembership? _vrfs;
    private readonly NetlinkEventThread<LinkEvent> _thread;

    /// <param name="noArp">Kept up to date with each link's IFF_NOARP, before the event is posted.</param>
    /// <param name="vrfs">Kept up to date with each link's VRF (it moves the VMACs along), before the event is posted.</param>
    /// <param name="failed">Told of a failed read or re-read (<see cref="NetlinkEventThread{TEvent}"/>).</param>
    public LinkEventReader(LinkMonitor monitor, Func<IReadOnlyList<LinkInfo>> dumpLinks, ChannelWriter<DaemonEvent> events, NoArpInterfaces? noArp = null, VrfMembership? vrfs = null, Action<string, SyscallException>? failed = null)
    {
        _vrfs = vrfs;
        _dumpLinks = dumpLinks;
        _events = events;
        _noArp = noArp;
        _thread = new NetlinkEventThread<LinkEvent>(monitor, "vigil links", Handle, failed);
    }

    public void Dispose() => _thread.Dispose();

    private void Handle(LinkEvent e)
    {
        switch (e.Kind)
        {
            case LinkEventKind.Changed:
                _noArp?.Update(e.Link!);
                _vrfs?.Update(e.Link!);
                _events.TryWrite(DaemonEvent.Link(e.Link!.InterfaceIndex, e.Link.Name, e.Link.IsUp));
                break;
            case LinkEventKind.Removed:
                _noArp?.Removed(e.Link!.InterfaceIndex);
                _vrfs?.Removed(e.Link!.InterfaceIndex);
                _events.TryWrite(DaemonEvent.Link(e.Link!.InterfaceIndex, e.Link.Name, up: false, deleted: true));
                break;
            case LinkEventKind.Overrun:
                foreach (LinkInfo link in _dumpLinks())
                {
                    _noArp?.Update(link);
                    _vrfs?.Update(link);
                    _events.TryWrite(DaemonEvent.Link(link.InterfaceIndex, link.Name, link.IsUp));
                }

                break;
        }
    }
}
