using System.Net;
using System.Net.Sockets;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Address events → routers, as keepalived 2.2.7 does with RTM_NEWADDR/RTM_DELADDR:
/// a virtual address deleted by someone else while this router is master makes it step down to BACKUP and take over
/// again after Skew_Time, re-adding it (netlink_if_address_filter → set_vrrp_backup), unless written with no_track;
/// a router whose source follows the interface's primary address (no mcast_src_ip/unicast_src_ip) sends from the
/// new primary when its address goes, and goes to FAULT (priority 0 as master) when none is left, until one returns.
/// Until <see cref="SetInitialAddresses"/> is called the loop knows no addresses and follows none.
/// </summary>
public sealed partial class VrrpEventLoop
{
    private readonly Dictionary<int, List<IPAddress>> _kernelAddresses = [];
    private bool _addressesKnown;

    // Every router's virtual addresses, built at the first address event and dropped when a reload replaces the routers
    // or an interface that appeared gives one its VIPs (dynamic_interfaces):
    // each event reviews the sources of every router on its interface, and a scan of all routers' VIPs per address
    // made that quadratic (1,000 instances taking over at once kept the loop busy for seconds with their own VIP adds).
    private HashSet<KernelAddress>? _virtualAddresses;

    /// <summary>The host's addresses when the daemon started (in the kernel's order). Set before the loop runs.</summary>
    public void SetInitialAddresses(IEnumerable<KernelAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ReplaceAddresses(addresses);
    }

    private void ReplaceAddresses(IEnumerable<KernelAddress> addresses)
    {
        _addressesKnown = true;
        _kernelAddresses.Clear();
        foreach ((int index, IPAddress address) in addresses)
        {
            AddressesOf(index).Add(address);
        }
    }

    private List<IPAddress> AddressesOf(int interfaceIndex)
    {
        if (!_kernelAddresses.TryGetValue(interfaceIndex, out List<IPAddress>? list))
        {
            list = [];
            _kernelAddresses.Add(interfaceIndex, list);
        }

        return list;
    }

    /// <param name="ours">Removed by the daemon's own request: never someone else's deletion (keepalived skips its own too).</param>
    /// <param name="linkDown">
    /// The interface was down or deleted when the removal was read: the kernel announced that (RTM_NEWLINK down) before
    /// it removed the address, but on the link monitor's socket, which may be read later. keepalived reads both on one
    /// socket, so its instances see the link go down first (FAULT) and ignore the deletion; the link change is applied
    /// here first for the same outcome, and the link event that follows changes nothing.
    /// </param>
    private void OnAddressEvent(int interfaceIndex, IPAddress address, bool added, bool ours, bool linkDown, TimeSpan now)
    {
        if (linkDown && !ours)
        {
            ApplyLinkSeenDown(interfaceIndex, now); // VrrpEventLoop.Links.cs
        }

        _addressesKnown = true;
        List<IPAddress> present = AddressesOf(interfaceIndex);
        if (added)
        {
            if (!present.Contains(address))
            {
                present.Add(address);
            }

            if (IsVirtualAddress(interfaceIndex, address))
            {
                return; // a VIP is never a source: its arrival changes no router's (the takeover burst adds one per router)
            }
        }
        else
        {
            present.Remove(address);
            var deleted = new KernelAddress(interfaceIndex, address);
            foreach (RouterBinding binding in ours ? [] : _bindings)
            {
                if (binding.Router.State == RouterState.Master && binding.VirtualAddresses.Contains(new VirtualAddress(deleted, NoTrack: false)))
                {
                    KernelStateDeleted(binding, $"virtual address {address} on {binding.Info.Interface}", now);
                }
            }

            if (!linkDown)
            {
                AddressDeleted?.Invoke(interfaceIndex, address);
            }
        }

        ReviewSources(interfaceIndex, now);
    }

    private void OnAddressDump(IReadOnlyList<KernelAddress> addresses, TimeSpan now)
    {
        ReplaceAddresses(addresses);
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.Router.State != RouterState.Master)
            {
                continue;
            }

            foreach ((KernelAddress vip, bool noTrack) in binding.VirtualAddresses)
            {
                if (!noTrack && !AddressesOf(vip.InterfaceIndex).Contains(vip.Address))
                {
                    KernelStateDeleted(binding, $"virtual address {vip.Address} on {binding.Info.Interface}", now);
                    break; // taking over again puts every missing address back
                }
            }
        }

        foreach (int index in _bindings.Select(b => b.InterfaceIndex).Distinct().ToArray())
        {
            ReviewSources(index, now);
        }
    }

    /// <summary>
    /// An address someone deleted (after the routers' reaction): the daemon puts back a static_ipaddress without
    /// no_track, as keepalived 2.2.7's netlink_if_address_filter does (reinstate_static_address). Not called for an
    /// address that went with its link: IPv6 ones on a link set down are put back by <see cref="InterfaceCameUp"/> (adding
    /// them at once named the wrong cause), and on a deleted link there is nothing to add them to (ENODEV).
    /// </summary>
    public Action<int, IPAddress>? AddressDeleted { get; set; }

    /// <summary>
    /// A VIP, virtual route or virtual rule of a MASTER deleted by someone else (<paramref name="what"/>): as keepalived
    /// 2.2.7's set_vrrp_backup, the router (and its sync group) sends priority 0, drops its addresses, routes and rules,
    /// enters BACKUP and takes over again after Skew_Time, which puts everything back. Also called for routes and rules
    /// (the daemon's route/rule monitor). Ignored unless MASTER.
    /// </summary>
    private void KernelStateDeleted(RouterBinding binding, string what, TimeSpan now)
    {
        if (binding.Router.State != RouterState.Master)
        {
            return;
        }

        Log.KernelStateDeleted(_logger, binding.Router.Name, what);
        Step(binding, RouterInput.KernelStateDeleted(what), now);
    }

    /// <summary>The instance named <paramref name="instance"/> lost <paramref name="what"/> (a virtual route or rule); on the loop thread.</summary>
    public void OnKernelStateDeleted(string instance, string what)
    {
        foreach (RouterBinding binding in _bindings)
        {
            if (binding.Router.Name == instance)
            {
                KernelStateDeleted(binding, what, Now);
            }
        }
    }

    /// <summary>Moves the source of each following router on <paramref name="interfaceIndex"/> to the primary address, or to FAULT when none is left.</summary>
    private void ReviewSources(int interfaceIndex, TimeSpan now)
    {
        if (!_addressesKnown)
        {
            return;
        }

        foreach (RouterBinding binding in _bindings)
        {
            if (binding.TrackSourceAddress && binding.InterfaceIndex == interfaceIndex)
            {
                ReviewTrackedSource(binding, now);
                continue;
            }

            if (!binding.SourceFollowsPrimary || binding.InterfaceIndex != interfaceIndex)
            {
                continue;
            }

            NetAddress current = binding.Router.Options.PrimaryAddress;
            IPAddress? primary = PrimaryAddress(interfaceIndex, binding.Family, current);
            if (primary is null)
            {
                if (!binding.Router.LacksSourceAddress)
                {
                    string family = binding.Family == IpFamily.IPv4 ? "IPv4" : "IPv6 link-local";
                    Log.NoSourceAddress(_logger, binding.Router.Name, family, binding.Info.Interface);
                }

                Step(binding, RouterInput.SourceAddressLost($"no {(binding.Family == IpFamily.IPv4 ? "IPv4" : "IPv6 link-local")} address on {binding.Info.Interface}"), now);
                continue;
            }

            var next = NetAddress.FromIPAddress(primary);
            if (!next.Equals(current) || binding.Router.LacksSourceAddress)
            {
                if (!next.Equals(current))
                {
                    if (current.Value != 0) // not the first address of an interface created since the start (dynamic_interfaces)
                    {
                        Log.SourceAddressChanged(_logger, binding.Router.Name, current.ToString(), primary.ToString(), binding.Info.Interface);
                    }

                    binding.Info = binding.Info with { SourceAddress = primary.ToString() };
                }

                Step(binding, RouterInput.SourceAddressChanged(next), now);
            }
        }
    }

    /// <summary>
    /// track_src_ip: the configured mcast_src_ip/unicast_src_ip missing from the instance's interface is a FAULT, cleared
    /// when it is back (keepalived.conf(5): "if the configured src_ip doesn't exist or is removed put the instance into
    /// fault state"). Also at start, before Startup, so an instance whose source is missing starts in FAULT.
    /// </summary>
    private void ReviewTrackedSource(RouterBinding binding, TimeSpan now)
    {
        if (!_addressesKnown)
        {
            return;
        }

        NetAddress source = binding.Router.Options.PrimaryAddress;
        bool present = false;
        if (_kernelAddresses.TryGetValue(binding.InterfaceIndex, out List<IPAddress>? addresses))
        {
            foreach (IPAddress address in addresses)
            {
                present |= NetAddress.FromIPAddress(address).Equals(source);
            }
        }

        if (!present && !binding.Router.LacksSourceAddress)
        {
            Log.TrackedSourceMissing(_logger, binding.Router.Name, source.ToString(), binding.Info.Interface);
            Step(binding, RouterInput.SourceAddressLost($"track_src_ip: {source} is not on {binding.Info.Interface}"), now);
        }
        else if (present && binding.Router.LacksSourceAddress)
        {
            Log.TrackedSourceBack(_logger, binding.Router.Name, source.ToString(), binding.Info.Interface);
            Step(binding, RouterInput.SourceAddressChanged(source), now);
        }
    }

    /// <summary>
    /// The current source while it is still there; else the interface's first address of the family that is no router's
    /// virtual address (IPv4: the kernel lists the primary first; IPv6: link-local only, RFC 5798 §5.1.2.1).
    /// </summary>
    private IPAddress? PrimaryAddress(int interfaceIndex, IpFamily family, NetAddress current)
    {
        if (!_kernelAddresses.TryGetValue(interfaceIndex, out List<IPAddress>? present))
        {
            return null;
        }

        AddressFamily wanted = family == IpFamily.IPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        IPAddress? first = null;
        foreach (IPAddress address in present)
        {
            if (address.AddressFamily != wanted || (wanted == AddressFamily.InterNetworkV6 && !address.IsIPv6LinkLocal) || IsVirtualAddress(interfaceIndex, address))
            {
                continue;
            }

            if (NetAddress.FromIPAddress(address).Equals(current))
            {
                return address;
            }

            first ??= address;
        }

        return first;
    }

    private bool IsVirtualAddress(int interfaceIndex, IPAddress address) =>
        (_virtualAddresses ??= [.. _bindings.SelectMany(b => b.VirtualAddresses.Select(v => v.Address))]).Contains(new KernelAddress(interfaceIndex, address));
}
