using Vigil.Core.Protocol;
namespace Vigil.Core.StateMachine;

/// <summary>
/// The protocol-relevant settings of one vrrp_instance, already resolved (defaults applied,
/// keepalived's consistency fix-ups done by the config model). Defaults are keepalived 2.2.7's.
/// </summary>
public sealed record VirtualRouterOptions
{
    /// <summary>The instance name (vrrp_instance NAME), used in reasons and logs.</summary>
    public required string Name { get; init; }

    public required byte VirtualRouterId { get; init; }

    /// <summary>VRRP version, 2 or 3.</summary>
    public int Version { get; init; } = 2;

    /// <summary>Configured (base) priority, 1–255; 255 is the address owner.</summary>
    public int Priority { get; init; } = 100;

    /// <summary>Advertisement_Interval: whole seconds for v2, centiseconds for v3.</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Our primary address: the advert source and the equal-priority tie-breaker.</summary>
    public NetAddress PrimaryAddress { get; init; }

    /// <summary>
    /// Configured initial state (keepalived `state`). Only an address owner with MASTER starts as
    /// master at once; keepalived 2.2.7 otherwise waits Master_Down_Interval as a backup.
    /// </summary>
    public RouterState InitialState { get; init; } = RouterState.Backup;

    /// <summary>False for `nopreempt`: a backup accepts lower-priority masters (sticky master).</summary>
    public bool Preempt { get; init; } = true;

    /// <summary>`preempt_delay`: how long a backup tolerates a lower-priority master before preempting.</summary>
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>keepalived `down_timer_adverts` (the "3" of Master_Down_Interval).</summary>
    public int DownTimerAdverts { get; init; } = VrrpTimers.DefaultDownTimerAdverts;

    /// <summary>`garp_master_repeat`: gratuitous ARPs sent on becoming master.</summary>
    public int GarpMasterRepeat { get; init; } = 5;

    /// <summary>`garp_master_delay`: a second burst this long after becoming master (0 = none).</summary>
    public TimeSpan GarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>`garp_master_refresh`: periodic burst while master (0 = none, keepalived's default).</summary>
    public TimeSpan GarpMasterRefresh { get; init; }

    /// <summary>`garp_master_refresh_repeat`.</summary>
    public int GarpMasterRefreshRepeat { get; init; } = 1;

    /// <summary>`garp_extra_if`: while master, one GARP/NA this often on the extra interfaces (0 = none, keepalived's default).</summary>
    public TimeSpan GarpExtraInterfaceInterval { get; init; }

    /// <summary>`garp_lower_prio_repeat`: burst sent when a master hears a lower priority (keepalived default: garp_master_repeat).</summary>
    public int GarpLowerPriorityRepeat { get; init; } = 5;

    /// <summary>`garp_lower_prio_delay`: that burst again this long after the lower-priority advert (0 = none; keepalived default: garp_master_delay).</summary>
    public TimeSpan GarpLowerPriorityDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>`lower_prio_no_advert`: do not answer a lower-priority advert with our own.</summary>
    public bool LowerPriorityNoAdvert { get; init; }

    /// <summary>`higher_prio_send_advert`: send one advert before stepping down to a higher priority.</summary>
    public bool HigherPrioritySendAdvert { get; init; }
}
