using System.Globalization;
using Vigil.Core.Protocol;

namespace Vigil.Core.StateMachine;

/// <summary>Why a virtual router changed state; every transition carries one.</summary>
public enum TransitionReasonKind
{
    /// <summary>Startup: entering BACKUP to listen for a master (RFC 5798 §6.4.1).</summary>
    Startup,

    /// <summary>Startup as the address owner (priority 255): MASTER at once (RFC 5798 §6.4.1).</summary>
    AddressOwnerStartup,

    /// <summary>Master_Down_Timer expired: no valid advert from a master for Master_Down_Interval.</summary>
    MasterDownTimerExpired,

    /// <summary>The master sent priority 0 (it is stopping); we took over after Skew_Time.</summary>
    MasterReleased,

    /// <summary>We preempted a master that advertises a lower priority than ours.</summary>
    PreemptedLowerPriority,

    /// <summary>As master, we received an advert with a higher priority.</summary>
    HigherPriorityReceived,

    /// <summary>As master, we received an advert with our priority from a higher primary address.</summary>
    EqualPriorityHigherAddress,

    /// <summary>An unweighted tracker failed.</summary>
    TrackerFailed,

    /// <summary>The last failed tracker or interface recovered.</summary>
    FaultCleared,

    /// <summary>The interface went down.</summary>
    InterfaceDown,

    /// <summary>The interface does not exist (dynamic_interfaces: not created yet, or deleted); Detail names it.</summary>
    InterfaceMissing,

    /// <summary>The interface lost its last usable address to send adverts from (Detail says which).</summary>
    NoSourceAddress,

    /// <summary>Another member of the sync group changed state; the group follows it.</summary>
    SyncGroup,

    /// <summary>Shutdown was requested.</summary>
    Shutdown,

    /// <summary>As master, one of our VIPs, virtual routes or rules (Detail) was deleted by someone else: we step down and come back after Skew_Time.</summary>
    KernelStateDeleted,

    /// <summary>The whole node died without a word (recorded by the simulation, never produced by a router).</summary>
    NodeCrashed,
}

/// <summary>A structured transition cause: kind plus the peer, priority or name it refers to.</summary>
public readonly record struct TransitionReason(TransitionReasonKind Kind, int Priority = -1, NetAddress Peer = default, string? Detail = null)
{
    public override string ToString()
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        return Kind switch
        {
            TransitionReasonKind.Startup => "startup",
            TransitionReasonKind.AddressOwnerStartup => "startup as address owner (priority 255)",
            TransitionReasonKind.MasterDownTimerExpired => Priority < 0
                ? "master down timer expired (no advert received)"
                : string.Create(c, $"master down timer expired (last advert from {Peer} priority {Priority})"),
            TransitionReasonKind.MasterReleased => string.Create(c, $"master {Peer} released (sent priority 0)"),
            TransitionReasonKind.PreemptedLowerPriority => string.Create(c, $"preempted lower priority {Priority} from {Peer}"),
            TransitionReasonKind.HigherPriorityReceived => string.Create(c, $"received higher priority {Priority} from {Peer}"),
            TransitionReasonKind.EqualPriorityHigherAddress => string.Create(c, $"received equal priority {Priority} from higher address {Peer}"),
            TransitionReasonKind.TrackerFailed => $"tracker {Detail} failed",
            TransitionReasonKind.FaultCleared => $"fault cleared ({Detail})",
            TransitionReasonKind.InterfaceDown => "interface down",
            TransitionReasonKind.InterfaceMissing => $"interface {Detail} does not exist",
            TransitionReasonKind.NoSourceAddress => Detail ?? "no source address",
            TransitionReasonKind.SyncGroup => $"sync group {Detail}",
            TransitionReasonKind.Shutdown => "shutdown",
            TransitionReasonKind.KernelStateDeleted => $"{Detail} was deleted (not by vigil)",
            TransitionReasonKind.NodeCrashed => "node crashed",
            _ => Kind.ToString(),
        };
    }
}
