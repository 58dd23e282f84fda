using Vigil.Core.StateMachine;

namespace Vigil.Daemon.Status;

/// <summary>
/// One state change as the loop saw it: monotonic loop time (for durations, immune to clock steps)
/// and wall time (for people and logs), with the structured reason.
/// </summary>
public readonly record struct TransitionRecord(RouterState From, RouterState To, TransitionReason Reason, TimeSpan At, DateTimeOffset WallTime);
