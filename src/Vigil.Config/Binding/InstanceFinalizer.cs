using System.Net.Sockets;
using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// Applies keepalived 2.2.7's defaults and derivations to one instance and checks the rules that need
/// the whole block (and global_defs). Where keepalived logs one line and runs a silently changed
/// configuration, Vigil reports an error instead (fail closed, reliability-rules §0 rule 11); where
/// keepalived adjusts a value in a way the issue keeps (rounding, truncation, ignoring nopreempt on a
/// MASTER), Vigil does the same and warns.
/// </summary>
internal static class InstanceFinalizer
{
    public static VrrpInstance Finalize(InstanceBuilder b, GlobalDefs global, BindContext c)
    {
        string name = b.Value.Name;
        if (b.VirtualRouterId is null)
        {
            c.Error(b.Location, "missing-keyword", $"vrrp_instance {name} has no virtual_router_id",
                "add 'virtual_router_id N' (1–255), the same number on every node of this cluster and unique on this network");
        }

        // keepalived vrrp.c: no state given → MASTER only for the address owner; no priority with state MASTER → 255.
        InitialState state = b.State?.Value ?? (b.Priority?.Value == 255 ? InitialState.Master : InitialState.Backup);
        int priority = b.Priority?.Value ?? (state == InitialState.Master ? 255 : 100);

        List<AddressEntry> vips = b.VirtualIpAddresses;
        bool v6 = vips.Count > 0 ? vips[0].IsIPv6 : b.Value.SourceAddress?.AddressFamily == AddressFamily.InterNetworkV6
            || (b.UnicastPeers.Count > 0 && b.UnicastPeers[0].Address.AddressFamily == AddressFamily.InterNetworkV6);
        int version = Version(b, global, v6, c);
        TimeSpan advert = AdvertInterval(b, version, c);

        Authentication? auth = b.Authentication?.Value;
        if (auth is not null && version == 3)
        {
            c.Error(b.Authentication!.Value.Location, "auth-in-v3", $"vrrp_instance {name} uses VRRP version 3, which has no authentication; keepalived ignores this block",
                "remove the authentication block on every node (VRRPv3, RFC 5798 §9), or use 'version 2' on every node");
            auth = null;
        }
        else if (auth is { Type: AuthType.Ah } && state == InitialState.Master)
        {
            c.Warning(b.State!.Value.Location, "ignored-setting", $"vrrp_instance {name}: AH authentication cannot start as MASTER; it starts as BACKUP (keepalived does the same)",
                "write 'state BACKUP' to say what happens");
            state = InitialState.Backup;
        }

        bool preempt = !(b.NoPreempt?.Value ?? false);
        if (!preempt && state == InitialState.Master)
        {
            c.Warning(b.NoPreempt!.Value.Location, "ignored-setting", $"nopreempt has no effect in vrrp_instance {name} because it starts as MASTER; keepalived ignores it too",
                "for a master that stays master after a failover, write 'state BACKUP' and 'nopreempt' on every node and give the preferred node the highest priority");
            preempt = true;
        }

        TimeSpan preemptDelay = b.PreemptDelay?.Value ?? TimeSpan.Zero;
        if (preemptDelay > TimeSpan.Zero && state == InitialState.Master)
        {
            c.Warning(b.PreemptDelay!.Value.Location, "ignored-setting", $"preempt_delay has no effect in vrrp_instance {name} because it starts as MASTER; keepalived ignores it too",
                "write 'state BACKUP' on this node if it should wait before taking over");
            preemptDelay = TimeSpan.Zero;
        }

        CheckAddresses(b, v6, c);
        MoveExcessToExcluded(b, v6, version, c);
        bool strict = b.Strict ?? global.Strict;
        bool accept = b.Accept?.Value ?? (!strict || priority == 255);

        VrrpInstance result = b.Value with
        {
            State = state,
            VirtualRouterId = b.VirtualRouterId?.Value ?? 0,
            Priority = priority,
            Version = version,
            AdvertInterval = advert,
            Authentication = auth,
            Preempt = preempt,
            PreemptDelay = preemptDelay,
            Accept = accept,
            Strict = strict,
            UnicastPeers = new ValueArray<UnicastPeer>(b.UnicastPeers),
            CheckUnicastSource = b.CheckUnicastSource ?? global.CheckUnicastSource,
            VirtualIpAddresses = new ValueArray<AddressEntry>(vips),
            VirtualIpAddressesExcluded = new ValueArray<AddressEntry>(b.VirtualIpAddressesExcluded),
            VirtualRoutes = new ValueArray<RouteEntry>(b.VirtualRoutes),
            VirtualRules = new ValueArray<RuleEntry>(b.VirtualRules),
            TrackInterfaces = new ValueArray<TrackedInterface>(b.TrackInterfaces),
            TrackScripts = new ValueArray<TrackReference>(b.TrackScripts),
            TrackFiles = new ValueArray<TrackReference>(b.TrackFiles),
            TrackProcesses = new ValueArray<TrackReference>(b.TrackProcesses),
            SkipCheckAdvertAddresses = b.SkipCheckAdvertAddresses ?? global.SkipCheckAdvertAddresses,
            Garp = new GarpSettings
            {
                MasterDelay = b.GarpMasterDelay ?? global.Garp.MasterDelay,
                MasterRepeat = b.GarpMasterRepeat ?? global.Garp.MasterRepeat,
                // keepalived vrrp_complete_instance: strict mode sends no lower-priority GARPs (an explicit value is refused below).
                LowerPriorityDelay = b.GarpLowerPriorityDelay ?? (strict ? TimeSpan.Zero : global.Garp.LowerPriorityDelay),
                LowerPriorityRepeat = b.GarpLowerPriorityRepeat ?? (strict ? 0 : global.Garp.LowerPriorityRepeat),
                MasterRefresh = b.GarpMasterRefresh ?? global.Garp.MasterRefresh,
                MasterRefreshRepeat = b.GarpMasterRefreshRepeat ?? global.Garp.MasterRefreshRepeat,
                ExtraInterfaceInterval = b.GarpExtraIf is { Interval.Ticks: > 0 } extra ? extra.Interval : global.Garp.ExtraInterfaceInterval,
                ExtraInterfaceAll = b.GarpExtraIf is { Interval.Ticks: > 0 } own ? own.All : global.Garp.ExtraInterfaceAll,
            },
            DownTimerAdverts = b.DownTimerAdverts ?? global.DownTimerAdverts,
            LowerPriorityNoAdvert = b.LowerPriorityNoAdvert ?? (strict || global.LowerPriorityNoAdvert),
            HigherPrioritySendAdvert = b.HigherPrioritySendAdvert ?? global.HigherPrioritySendAdvert,
            NotifyPriorityChanges = b.NotifyPriorityChanges ?? global.NotifyPriorityChanges,
        };

        if (strict)
        {
            StrictModeRules.Check(b, result, c);
        }

        return result;
    }

    private static int Version(InstanceBuilder b, GlobalDefs global, bool v6, BindContext c)
    {
        int version = b.Version?.Value ?? global.VrrpVersion;
        if (v6 && version == 2)
        {
            if (b.Version is { } explicitVersion)
            {
                c.Error(explicitVersion.Location, "version-conflict", $"vrrp_instance {b.Value.Name} carries IPv6 addresses, which VRRP version 2 cannot advertise",
                    "remove 'version 2' (IPv6 instances always use version 3), or use IPv4 addresses");
            }

            // keepalived: IPv6 instances are always VRRPv3, whatever vrrp_version says.
            version = 3;
        }

        return version;
    }

    private static TimeSpan AdvertInterval(InstanceBuilder b, int version, BindContext c)
    {
        if (b.AdvertInterval is not { } written)
        {
            return TimeSpan.FromSeconds(1);
        }

        decimal seconds = written.Value;
        if (version == 2)
        {
            // RFC 3768 §5.3.7: the v2 field is whole seconds. keepalived rounds a fraction (0 becomes 1).
            decimal whole = Math.Max(1, decimal.Round(seconds, MidpointRounding.AwayFromZero));
            if (whole != seconds)
            {
                c.Warning(written.Location, "rounded", $"advert_int {seconds} is not whole seconds; VRRP version 2 uses {whole} s (keepalived rounds the same way)",
                    $"write 'advert_int {whole}', or use 'version 3' on every node for sub-second adverts");
            }

            return TimeSpan.FromSeconds((double)whole);
        }

        // RFC 5798 §5.2.7: 12-bit field in centiseconds, so 0.01–40.95 s.
        if (seconds > 40.95m)
        {
            c.Error(written.Location, "out-of-range", $"advert_int {seconds} is above 40.95 s, the VRRPv3 maximum; keepalived would silently use 40.95",
                "write an advert_int from 0.01 to 40.95 seconds");
            return TimeSpan.FromSeconds(40.95);
        }

        decimal centis = decimal.Round(seconds * 100, MidpointRounding.AwayFromZero);
        if (centis / 100 != seconds)
        {
            c.Warning(written.Location, "rounded", $"advert_int {seconds} is not a multiple of 0.01 s; VRRP version 3 uses {centis / 100} s",
                $"write 'advert_int {centis / 100}'");
        }

        return TimeSpan.FromMilliseconds((double)(centis * 10));
    }

    /// <summary>
    /// keepalived 2.2.7 (vrrp.c, vrrp_complete_instance): an advert carries at most 255 addresses (8-bit count) and only
    /// what fits in one frame: (MTU − Ethernet, IP and VRRP headers [+ 8 auth bytes for v2]) / address size, with MTU 1500
    /// (its DEFAULT_MTU) here, where the interface is not known: 255 IPv4, 89 IPv6. The excess is still added on MASTER
    /// but not advertised (virtual_ipaddress_excluded), as keepalived does, with a warning.
    /// </summary>
    private static void MoveExcessToExcluded(InstanceBuilder b, bool v6, int version, BindContext c)
    {
        const int DefaultMtu = 1500, EthernetHeader = 14, VrrpHeader = 8, AuthData = 8;
        int headers = EthernetHeader + (v6 ? 40 : 20) + VrrpHeader + (!v6 && version == 2 ? AuthData : 0);
        int max = Math.Min(255, (DefaultMtu - headers) / (v6 ? 16 : 4));
        List<AddressEntry> vips = b.VirtualIpAddresses;
        if (vips.Count <= max)
        {
            return;
        }

        AddressEntry first = vips[max];
        c.Warning(first.Location.Location, "vips-excess", $"vrrp_instance {b.Value.Name} has {vips.Count} virtual_ipaddress entries but an advert carries at most {max} {(v6 ? "IPv6" : "IPv4")} addresses: {first.Address} and the {vips.Count - max - 1} after it are added on MASTER but not advertised (moved to virtual_ipaddress_excluded, as keepalived does)",
            $"keep at most {max} addresses in virtual_ipaddress and list the rest in virtual_ipaddress_excluded, or split them over several instances joined by a vrrp_sync_group");
        b.VirtualIpAddressesExcluded.AddRange(vips.GetRange(max, vips.Count - max));
        vips.RemoveRange(max, vips.Count - max);
    }

    private static void CheckAddresses(InstanceBuilder b, bool v6, BindContext c)
    {
        string name = b.Value.Name;
        if (b.Value.UnicastFaultNoPeer && b.UnicastPeers.Count == 0)
        {
            // keepalived 2.2.4+: "Cannot use unicast without any peers - going to fault state" (a config fault it never leaves).
            c.Warning(b.EmptyUnicastPeerBlock ?? b.Location, "unicast-no-peer-fault", $"vrrp_instance {name} has unicast_fault_no_peer and no unicast peers: it stays in FAULT",
                "list the other nodes' addresses in unicast_peer { }, or remove unicast_fault_no_peer and the empty block to use multicast");
        }
        else if (b.EmptyUnicastPeerBlock is { } empty && b.UnicastPeers.Count == 0)
        {
            c.Error(empty, "empty-unicast-peer", $"'unicast_peer {{ }}' in vrrp_instance {name} is empty; keepalived would silently fall back to multicast",
                "list the other nodes' addresses inside unicast_peer, one per line, or remove the block to use multicast on purpose");
        }

        if (b.Value.Interface is null)
        {
            // keepalived 2.2.7 refuses every instance without one ("Unknown interface!", chk_min_cfg runs before the
            // unicast flag is set), although its man page allows it for unicast: fixed in 2.2.8 (keepalived issue #2270).
            bool unicast = b.UnicastPeers.Count > 0 || b.Value.Vrf is not null;
            c.Error(b.Location, "missing-keyword", $"vrrp_instance {name} has no 'interface'{(unicast ? "; keepalived 2.2.7 refuses this unicast instance too ('Unknown interface!': an instance without interface works only from keepalived 2.2.8)" : "")}",
                "add 'interface IF' with the NIC that carries the virtual IP (e.g. 'interface eth0')");
        }

        if (b.VirtualIpAddresses.Count == 0)
        {
            c.Warning(b.Location, "no-vip", $"vrrp_instance {name} has no virtual_ipaddress; becoming master moves no address",
                "add a virtual_ipaddress { } block with the address clients use");
        }

        AddressFamily family = v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        foreach (AddressEntry vip in b.VirtualIpAddresses)
        {
            if (vip.Address.AddressFamily != family)
            {
                c.Error(vip.Location.Location, "mixed-family", $"{vip.Address} is not the same address family as the first virtual_ipaddress of {name}",
                    "one VRRP instance advertises one family: move these addresses to virtual_ipaddress_excluded or to a second instance (joined by a vrrp_sync_group)");
            }
        }

        foreach (UnicastPeer peer in b.UnicastPeers)
        {
            if (peer.Address.AddressFamily != family)
            {
                c.Error(peer.Location.Location, "mixed-family", $"unicast peer {peer.Address} is not the same address family as the instance's addresses",
                    $"use the peer's IPv{(v6 ? 6 : 4)} address");
            }
        }

        if (b.Value.SourceAddress is { } source && source.AddressFamily != family)
        {
            c.Error(b.SourceAddressLocation!.Value, "mixed-family", $"{b.SourceAddressKeyword} {source} is not the same address family as the instance's addresses",
                $"use this node's IPv{(v6 ? 6 : 4)} address");
        }

        if (b.SourceAddressKeyword == "mcast_src_ip" && b.UnicastPeers.Count > 0)
        {
            c.Warning(b.SourceAddressLocation!.Value, "unicast-source", $"mcast_src_ip is used with unicast_peer in vrrp_instance {name}; keepalived takes it as the unicast source address",
                "write 'unicast_src_ip' instead, so the file says what it does");
        }
    }
}
