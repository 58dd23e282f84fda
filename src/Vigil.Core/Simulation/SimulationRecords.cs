using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>A state change of one instance on one node, at virtual (monotonic) time <see cref="Time"/>.</summary>
public sealed record TransitionRecord(
    TimeSpan Time,
    string Node,
    string Instance,
    int VirtualRouterId,
    RouterState From,
    RouterState To,
    TransitionReason Reason,
    TimeSpan WallClock);

/// <summary>
/// An advert sent or received by one instance (recorded only when traffic recording is on), with the
/// state and effective priority of that instance just before it was processed.
/// </summary>
public readonly record struct AdvertRecord(TimeSpan Time, string Node, string Instance, int VirtualRouterId, int Priority, RouterState State, int OwnPriority);

/// <summary>Packet counters of a run.</summary>
public sealed class SimulationCounters
{
    public long AdvertsSent { get; internal set; }

    public long Delivered { get; internal set; }

    public long Lost { get; internal set; }

    public long Partitioned { get; internal set; }

    public long Duplicated { get; internal set; }

    public long Accepted { get; internal set; }

    /// <summary>Adverts refused by receive validation, by reason.</summary>
    public Dictionary<DropReason, long> Rejected { get; } = [];

    public long Events { get; internal set; }
}
