using Vigil.Config.Model;

namespace Vigil.Daemon.Hosting;

public enum InstanceChangeKind
{
    /// <summary>Same settings: the running instance is kept as it is (state, timers, VIPs; no advert, no GARP).</summary>
    Unchanged,

    /// <summary>Only priority, VIP lists, virtual routes/rules, trackers or notify changed: the router keeps its state and gets the new values.</summary>
    InPlace,

    /// <summary>Anything the protocol cannot change under a running router (VRID, interface, version, interval, auth …): stop it, start a new one.</summary>
    Recreate,
}

/// <summary>
/// How a reload treats one vrrp_instance present in both configurations. keepalived's reload
/// (clear_diff_vrrp) likewise keeps unchanged instances and their addresses; Vigil updates in place
/// only what RFC 5798 lets a running router change: its priority (§6.4: takes effect with the next
/// advert or down timer), its address list (the next advert carries it) and what feeds its priority.
/// </summary>
public static class InstanceChange
{
    public static InstanceChangeKind Classify(VrrpInstance old, VrrpInstance updated)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(updated);
        if (old == updated)
        {
            return InstanceChangeKind.Unchanged;
        }

        // An address owner (priority 255) has fixed timing and never changes priority; becoming or
        // ceasing to be one, or switching address family, is a different router.
        if (old.IsAddressOwner || updated.IsAddressOwner || old.IsIPv6 != updated.IsIPv6 || updated.VirtualIpAddresses.IsEmpty)
        {
            return InstanceChangeKind.Recreate;
        }

        return WithoutInPlaceSettings(old) == WithoutInPlaceSettings(updated) ? InstanceChangeKind.InPlace : InstanceChangeKind.Recreate;
    }

    private static VrrpInstance WithoutInPlaceSettings(VrrpInstance instance) => instance with
    {
        Priority = 0,
        VirtualIpAddresses = ValueArray<AddressEntry>.Empty,
        VirtualIpAddressesExcluded = ValueArray<AddressEntry>.Empty,
        VirtualRoutes = ValueArray<RouteEntry>.Empty,
        VirtualRules = ValueArray<RuleEntry>.Empty,
        TrackInterfaces = ValueArray<TrackedInterface>.Empty,
        TrackScripts = ValueArray<TrackReference>.Empty,
        TrackFiles = ValueArray<TrackReference>.Empty,
        TrackProcesses = ValueArray<TrackReference>.Empty,
        Notify = NotifyScripts.None,
        NotifyPriorityChanges = false,
    };
}
