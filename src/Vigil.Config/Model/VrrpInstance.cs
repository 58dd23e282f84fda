using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// One <c>vrrp_instance NAME { … }</c>: a virtual router on one interface, with every keyword of
/// keepalived.conf(5) "VRRP instance(s)". Values are effective: keepalived's defaults and derivations
/// are already applied (no priority with <c>state MASTER</c> gives 255, the version comes from
/// <c>vrrp_version</c> unless set, IPv6 instances are version 3, GARP timing inherits the globals …).
/// </summary>
public sealed record VrrpInstance(string Name, SourceRef Location)
{
    public InitialState State { get; init; } = InitialState.Backup;

    /// <summary>null only in a configuration with errors: keepalived 2.2.7 refuses an instance without one, unicast or not.</summary>
    public string? Interface { get; init; }

    public string? Vrf { get; init; }

    public int VirtualRouterId { get; init; }

    /// <summary>1–255; 255 is the address owner (starts as master at once; tracking never changes it).</summary>
    public int Priority { get; init; } = 100;

    /// <summary>2 or 3.</summary>
    public int Version { get; init; } = 2;

    /// <summary>v2: whole seconds 1–255; v3: 0.01–40.95 s in 10 ms steps.</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    public Authentication? Authentication { get; init; }

    /// <summary><c>mcast_src_ip</c> / <c>unicast_src_ip</c> (synonyms in keepalived); null: the interface's primary address.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary><c>mcast_dst_ip</c>; null: the global group (224.0.0.18 / ff02::12).</summary>
    public IPAddress? McastDestination { get; init; }

    public bool TrackSourceIp { get; init; }

    /// <summary>Non-empty: unicast mode (adverts go to each peer instead of the multicast group).</summary>
    public ValueArray<UnicastPeer> UnicastPeers { get; init; } = ValueArray<UnicastPeer>.Empty;

    public bool CheckUnicastSource { get; init; }

    public bool UnicastFaultNoPeer { get; init; }

    public int UnicastTtl { get; init; } = 255;

    public ValueArray<AddressEntry> VirtualIpAddresses { get; init; } = ValueArray<AddressEntry>.Empty;

    /// <summary>Added/removed with the VIPs but not carried in adverts; may mix address families.</summary>
    public ValueArray<AddressEntry> VirtualIpAddressesExcluded { get; init; } = ValueArray<AddressEntry>.Empty;

    public ValueArray<RouteEntry> VirtualRoutes { get; init; } = ValueArray<RouteEntry>.Empty;

    public ValueArray<RuleEntry> VirtualRules { get; init; } = ValueArray<RuleEntry>.Empty;

    public bool PromoteSecondaries { get; init; }

    public ValueArray<TrackedInterface> TrackInterfaces { get; init; } = ValueArray<TrackedInterface>.Empty;

    public ValueArray<TrackReference> TrackScripts { get; init; } = ValueArray<TrackReference>.Empty;

    public ValueArray<TrackReference> TrackFiles { get; init; } = ValueArray<TrackReference>.Empty;

    public ValueArray<TrackReference> TrackProcesses { get; init; } = ValueArray<TrackReference>.Empty;

    public bool DontTrackPrimary { get; init; }

    /// <summary>Accept packets addressed to the VIPs (keepalived's default unless strict mode is on).</summary>
    public bool Accept { get; init; } = true;

    /// <summary>false: <c>nopreempt</c> (only honoured when the initial state is BACKUP).</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>0–1000 s; only honoured when the initial state is BACKUP.</summary>
    public TimeSpan PreemptDelay { get; init; } = TimeSpan.Zero;

    public bool Strict { get; init; }

    public bool SkipCheckAdvertAddresses { get; init; }

    public VmacSpec? UseVmac { get; init; }

    public bool UseVmacAddress { get; init; }

    public bool VmacXmitBase { get; init; }

    public GarpSettings Garp { get; init; } = GarpSettings.Default;

    public int DownTimerAdverts { get; init; } = 3;

    public bool LowerPriorityNoAdvert { get; init; }

    public bool HigherPrioritySendAdvert { get; init; }

    public NotifyScripts Notify { get; init; } = NotifyScripts.None;

    public bool NotifyPriorityChanges { get; init; }

    public bool SmtpAlert { get; init; }

    public bool IsUnicast => !UnicastPeers.IsEmpty;

    /// <summary>The address family of the advertised VIPs (an instance carries one family; v6 implies VRRPv3).</summary>
    public bool IsIPv6 => VirtualIpAddresses.Count > 0 ? VirtualIpAddresses[0].IsIPv6
        : SourceAddress?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    /// <summary>Address owner: priority 255 (RFC 5798 §6.1).</summary>
    public bool IsAddressOwner => Priority == 255;
}
