using Vigil.Core.Protocol;
namespace Vigil.Core.StateMachine;

public enum RouterInputKind
{
    Startup,
    Shutdown,

    /// <summary>A valid advert (already accepted by the codec's receive validation) for this VRID.</summary>
    AdvertisementReceived,

    /// <summary>The time given by <see cref="VirtualRouter.NextDeadline"/> has come.</summary>
    DeadlineReached,

    /// <summary>Tracking (weighted scripts, interfaces …) computed a new total priority.</summary>
    EffectivePriorityChanged,
    InterfaceDown,
    InterfaceUp,

    /// <summary>An unweighted (weight 0) tracker failed: the router goes to FAULT.</summary>
    TrackerFault,
    TrackerRecovered,

    /// <summary>The interface has no usable address to send adverts from (keepalived: FAULT, priority 0 if master).</summary>
    SourceAddressLost,

    /// <summary>The advert source moved to <see cref="RouterInput.Source"/> (the interface's new primary address); clears a SourceAddressLost fault.</summary>
    SourceAddressChanged,

    /// <summary>
    /// The router's interface does not exist (dynamic_interfaces: missing at start, or deleted): FAULT until
    /// <see cref="InterfaceAppeared"/>; <see cref="RouterInput.Tracker"/> names the interface.
    /// </summary>
    InterfaceMissing,

    /// <summary>The missing interface was created (its sockets are open again); clears an InterfaceMissing fault.</summary>
    InterfaceAppeared,

    /// <summary>
    /// Someone else deleted one of the router's VIPs, virtual routes or virtual rules (<see cref="RouterInput.Tracker"/> says
    /// which): a master steps down and takes over again after Skew_Time, re-adding them (keepalived set_vrrp_backup).
    /// </summary>
    KernelStateDeleted,
}

/// <summary>One input to <see cref="VirtualRouter.Step"/>; build it with the static factories.</summary>
public readonly record struct RouterInput
{
    public RouterInputKind Kind { get; private init; }

    /// <summary>Advert priority, or the new total priority for EffectivePriorityChanged.</summary>
    public int Priority { get; private init; }

    /// <summary>The advert's interval in centiseconds (v3 Max Adver Int; v2 Adver Int × 100).</summary>
    public int AdvertIntervalCentiseconds { get; private init; }

    /// <summary>The advert's source (the sender's primary address).</summary>
    public NetAddress Source { get; private init; }

    /// <summary>The tracker's name for TrackerFault/TrackerRecovered.</summary>
    public string? Tracker { get; private init; }

    /// <summary>Startup only: when the instance's receive path opened (null: now); see <see cref="StartupListeningSince"/>.</summary>
    public TimeSpan? ListeningSince { get; private init; }

    public static RouterInput Startup { get; } = new() { Kind = RouterInputKind.Startup };

    /// <summary>
    /// Startup of an instance whose socket has received since <paramref name="since"/>: the initial BACKUP's
    /// Master_Down timer counts from then (keepalived starts each instance's timer as it initialises it, not once the
    /// whole daemon is set up). Adverts that arrived meanwhile wait in the socket and are stepped after this one.
    /// </summary>
    public static RouterInput StartupListeningSince(TimeSpan since) => new() { Kind = RouterInputKind.Startup, ListeningSince = since };

    public static RouterInput Shutdown { get; } = new() { Kind = RouterInputKind.Shutdown };

    public static RouterInput DeadlineReached { get; } = new() { Kind = RouterInputKind.DeadlineReached };

    public static RouterInput InterfaceDown { get; } = new() { Kind = RouterInputKind.InterfaceDown };

    public static RouterInput InterfaceUp { get; } = new() { Kind = RouterInputKind.InterfaceUp };

    public static RouterInput Advertisement(int priority, int advertIntervalCentiseconds, NetAddress source) =>
        new() { Kind = RouterInputKind.AdvertisementReceived, Priority = priority, AdvertIntervalCentiseconds = advertIntervalCentiseconds, Source = source };

    public static RouterInput EffectivePriorityChanged(int totalPriority) =>
        new() { Kind = RouterInputKind.EffectivePriorityChanged, Priority = totalPriority };

    public static RouterInput TrackerFault(string tracker) => new() { Kind = RouterInputKind.TrackerFault, Tracker = tracker };

    public static RouterInput TrackerRecovered(string tracker) => new() { Kind = RouterInputKind.TrackerRecovered, Tracker = tracker };

    /// <summary>No usable address is left on the interface; <paramref name="detail"/> says which (e.g. "no IPv4 address on eth0").</summary>
    public static RouterInput SourceAddressLost(string detail) => new() { Kind = RouterInputKind.SourceAddressLost, Tracker = detail };

    /// <summary>The interface named <paramref name="interfaceName"/> does not exist (dynamic_interfaces).</summary>
    public static RouterInput InterfaceMissing(string interfaceName) => new() { Kind = RouterInputKind.InterfaceMissing, Tracker = interfaceName };

    public static RouterInput InterfaceAppeared { get; } = new() { Kind = RouterInputKind.InterfaceAppeared };

    /// <summary>One of the router's own kernel entries was deleted by someone else; <paramref name="what"/> names it (e.g. "virtual address 192.0.2.10").</summary>
    public static RouterInput KernelStateDeleted(string what) => new() { Kind = RouterInputKind.KernelStateDeleted, Tracker = what };

    public static RouterInput SourceAddressChanged(NetAddress source) => new() { Kind = RouterInputKind.SourceAddressChanged, Source = source };
}
