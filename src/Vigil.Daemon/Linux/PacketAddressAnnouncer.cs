using System.Net;
using System.Net.Sockets;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Announcements;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Sends each router's gratuitous ARPs (IPv4 VIPs) and unsolicited NAs (IPv6 VIPs), each on the AF_PACKET socket of
/// the interface that VIP lives on (its 'dev', else the instance's interface or VMAC), as keepalived 2.2.7 does
/// (vrrp_arp.c/vrrp_ndisc.c send on the address's own interface with that interface's MAC); a burst of N sends N per address. With keepalived's default
/// vrrp_garp_interval and vrrp_gna_interval of 0 (and no garp_group) they go back to back from the loop's
/// thread; otherwise a <see cref="SpacedAnnouncementSender"/> paces them by <see cref="AnnouncementPacing"/>.
/// As keepalived's, nothing is sent when the base interface (a VMAC's parent) is flagged NOARP, and an NA's Router flag
/// is that interface's IPv6 forwarding setting (<see cref="RouterFlagCache"/>).
/// Used from the loop's thread only.
/// </summary>
public sealed class PacketAddressAnnouncer(AnnouncementPacing? pacing = null, RouterFlagCache? routerFlags = null, NoArpInterfaces? noArp = null) : IAddressAnnouncer, IDisposable
{
    private readonly Dictionary<VirtualRouter, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)>> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly RouterFlagCache _routerFlags = routerFlags ?? new RouterFlagCache();
    private readonly Dictionary<VirtualRouter, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)>> _extra = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<AnnouncementSocket, string> _baseInterfaces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<AnnouncementSocket, AnnouncementPacing.Pace> _paces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<VirtualRouter, SpacedAnnouncementSender.Owner> _owners = new(ReferenceEqualityComparer.Instance);
    private AnnouncementPacing _pacing = pacing ?? AnnouncementPacing.None;
    private SpacedAnnouncementSender? _spaced;

    /// <summary>The router's VIPs in announcement order, each with the socket of the interface it lives on.</summary>
    public void Register(VirtualRouter router, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)> vips) =>
        _targets[router] = vips; // an in-place reload re-registers the kept router with its new VIPs

    /// <summary>garp_extra_if: the (interface socket, first address on it) pairs announced periodically; empty: none.</summary>
    public void RegisterExtraInterfaces(VirtualRouter router, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)> targets) =>
        _extra[router] = targets;

    /// <summary>Names the interface whose pacing budget a socket's announcements count against (a VMAC's parent).</summary>
    public void SetBaseInterface(AnnouncementSocket socket, string baseInterface)
    {
        _baseInterfaces[socket] = baseInterface;
        _paces.Remove(socket);
    }

    /// <summary>The router is gone (a reload removed or re-created it): its targets go with it, and its paced frames not sent yet.</summary>
    public void Unregister(VirtualRouter router)
    {
        _targets.Remove(router);
        _extra.Remove(router);
        if (_owners.Remove(router, out SpacedAnnouncementSender.Owner? owner))
        {
            owner.Withdraw();
        }
    }

    /// <summary>
    /// The socket is closed (its interface went away, dynamic_interfaces): its pacing entries go with it, else they
    /// would pile up as interfaces come and go. The interface's new socket gets its own when registered again.
    /// </summary>
    public void Forget(AnnouncementSocket socket)
    {
        _baseInterfaces.Remove(socket);
        _paces.Remove(socket);
    }

    /// <summary>Entries kept per socket (tests: none for a closed socket).</summary>
    internal (int BaseInterfaces, int Paces) SocketEntries => (_baseInterfaces.Count, _paces.Count);

    /// <summary>Entries kept per router (tests: none for a removed router).</summary>
    internal (int Targets, int Extra, int Owners) RouterEntries => (_targets.Count, _extra.Count, _owners.Count);

    /// <summary>A reload's new global intervals and garp_groups; frames already queued keep their spacing.</summary>
    public void UsePacing(AnnouncementPacing pacing)
    {
        _pacing = pacing;
        _paces.Clear();
    }

    public void AnnounceExtraInterfaces(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        SendAll(binding.Router, _extra.GetValueOrDefault(binding.Router, []), 1);
    }

    public void Announce(RouterBinding binding, int count)
    {
        ArgumentNullException.ThrowIfNull(binding);
        SendAll(binding.Router, _targets[binding.Router], count);
    }

    /// <summary>The router left MASTER: its paced announcements not sent yet are dropped (unpaced ones are already out).</summary>
    public void Withdraw(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (_owners.TryGetValue(binding.Router, out SpacedAnnouncementSender.Owner? owner))
        {
            owner.Withdraw();
        }
    }

    /// <summary>
    /// count rounds over the targets, in order (keepalived's vrrp_send_link_update). A failing interface (down, deleted)
    /// does not stop the others' frames, as keepalived logs each failed send and goes on; the first failure is
    /// rethrown at the end for the loop to log.
    /// </summary>
    private void SendAll(VirtualRouter router, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)> targets, int count)
    {
        Exception? failure = null;
        for (int i = 0; i < count; i++)
        {
            foreach ((AnnouncementSocket socket, IPAddress address) in targets)
            {
                try
                {
                    Send(router, socket, address);
                }
                catch (Exception e) when (e is SyscallException or ObjectDisposedException)
                {
                    failure ??= e;
                }
            }
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private void Send(VirtualRouter router, AnnouncementSocket socket, IPAddress address)
    {
        if (noArp is not null && _baseInterfaces.TryGetValue(socket, out string? baseInterface) && noArp.Contains(baseInterface))
        {
            return; // keepalived 2.2.7 (send_gratuitous_arp, ndisc_send_unsolicited_na): nothing on a base interface flagged NOARP
        }

        bool arp = address.AddressFamily == AddressFamily.InterNetwork;
        bool isRouter = !arp && IsRouter(socket);
        if (_pacing.IsPaced || _spaced is not null)
        {
            // Once paced, every frame goes through the sender's queue so none overtakes a spaced one.
            AnnouncementPacing.Pace pace = PaceOf(socket);
            _spaced ??= new SpacedAnnouncementSender();
            if (!_owners.TryGetValue(router, out SpacedAnnouncementSender.Owner? owner))
            {
                owner = new SpacedAnnouncementSender.Owner();
                _owners.Add(router, owner);
            }

            _spaced.Enqueue(socket, address, isRouter, pace.Key, arp ? pace.Garp : pace.Gna, owner);
        }
        else if (arp)
        {
            socket.SendGratuitousArp(address);
        }
        else
        {
            socket.SendNeighborAdvertisement(address, isRouter);
        }
    }

    /// <summary>The NA's Router flag: the forwarding setting of the interface it is paced with (a VMAC's parent), as keepalived's.</summary>
    private bool IsRouter(AnnouncementSocket socket) =>
        _baseInterfaces.TryGetValue(socket, out string? name) && name.Length > 0 && _routerFlags.IsRouter(name);

    private AnnouncementPacing.Pace PaceOf(AnnouncementSocket socket)
    {
        if (!_paces.TryGetValue(socket, out AnnouncementPacing.Pace? pace))
        {
            pace = _pacing.For(_baseInterfaces.GetValueOrDefault(socket) ?? "#" + socket.InterfaceIndex);
            _paces.Add(socket, pace);
        }

        return pace;
    }

    public void Dispose() => _spaced?.Dispose();
}
