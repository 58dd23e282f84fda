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
    private readonly LinkMonitor _monitor;
    private readonly Func<IReadOnlyList<LinkInfo>> _dumpLinks;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly NoArpInterfaces? _noArp;
    private readonly VrfMembership? _vrfs;
    private readonly Thread _thread;
    private volatile bool _stopping;

    /// <param name="noArp">Kept up to date with each link's IFF_NOARP, before the event is posted.</param>
    /// <param name="vrfs">Kept up to date with each link's VRF (it moves the VMACs along), before the event is posted.</param>
    public LinkEventReader(LinkMonitor monitor, Func<IReadOnlyList<LinkInfo>> dumpLinks, ChannelWriter<DaemonEvent> events, NoArpInterfaces? noArp = null, VrfMembership? vrfs = null)
    {
        _vrfs = vrfs;
        _monitor = monitor;
        _dumpLinks = dumpLinks;
        _events = events;
        _noArp = noArp;
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil links" };
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
        var batch = new List<LinkEvent>();
        while (!_stopping)
        {
            if (_monitor.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            batch.Clear();
            _monitor.ReadEvents(batch);
            foreach (LinkEvent e in batch)
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
    }
}
