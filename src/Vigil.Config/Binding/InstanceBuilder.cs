using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// What a <c>vrrp_instance</c> block said, before keepalived's derivations are applied: settings whose
/// effective value depends on other settings (or on global_defs, which may come later in the file)
/// are kept raw with their location until <see cref="InstanceFinalizer"/> runs.
/// </summary>
internal sealed class InstanceBuilder(string name, SourceLocation location)
{
    public VrrpInstance Value { get; set; } = new(name, location);

    public SourceLocation Location { get; } = location;

    public Located<InitialState>? State { get; set; }

    public Located<int>? Priority { get; set; }

    public Located<int>? VirtualRouterId { get; set; }

    public Located<int>? Version { get; set; }

    public Located<decimal>? AdvertInterval { get; set; }

    public Located<bool>? NoPreempt { get; set; }

    public Located<TimeSpan>? PreemptDelay { get; set; }

    public Located<bool>? Accept { get; set; }

    public Located<Authentication>? Authentication { get; set; }

    public SourceLocation? EmptyUnicastPeerBlock { get; set; }

    public SourceLocation? SourceAddressLocation { get; set; }

    /// <summary>mcast_src_ip or unicast_src_ip: keepalived treats them as synonyms, but the name tells what the author meant.</summary>
    public string? SourceAddressKeyword { get; set; }

    public List<AddressEntry> VirtualIpAddresses { get; } = [];

    public List<AddressEntry> VirtualIpAddressesExcluded { get; } = [];

    public List<RouteEntry> VirtualRoutes { get; } = [];

    public List<RuleEntry> VirtualRules { get; } = [];

    public List<UnicastPeer> UnicastPeers { get; } = [];

    public List<TrackedInterface> TrackInterfaces { get; } = [];

    public List<TrackReference> TrackScripts { get; } = [];

    public List<TrackReference> TrackFiles { get; } = [];

    public List<TrackReference> TrackProcesses { get; } = [];

    // Per-instance overrides of global_defs values (null: inherit).
    public TimeSpan? GarpMasterDelay { get; set; }

    public int? GarpMasterRepeat { get; set; }

    public TimeSpan? GarpLowerPriorityDelay { get; set; }

    public int? GarpLowerPriorityRepeat { get; set; }

    public TimeSpan? GarpMasterRefresh { get; set; }

    public int? GarpMasterRefreshRepeat { get; set; }

    /// <summary>garp_extra_if; an interval of 0 (keepalived: off) inherits vrrp_garp_extra_if.</summary>
    public (TimeSpan Interval, bool All)? GarpExtraIf { get; set; }

    public int? DownTimerAdverts { get; set; }

    public bool? LowerPriorityNoAdvert { get; set; }

    public bool? HigherPrioritySendAdvert { get; set; }

    public bool? Strict { get; set; }

    public bool? SkipCheckAdvertAddresses { get; set; }

    public bool? CheckUnicastSource { get; set; }

    public bool? NotifyPriorityChanges { get; set; }
}
