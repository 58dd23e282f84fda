using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Applying a reload (<see cref="ReloadPlan"/>) on the loop thread. Kept bindings are not touched at all
/// (no advert, no GARP, timers run on). Removed ones step Shutdown (priority 0, VIPs released), updated
/// ones keep their router and get the new priority and tracker faults as ordinary inputs, added ones
/// start as at startup (waiting for their unweighted scripts' first result if needed).
/// </summary>
public sealed partial class VrrpEventLoop
{
    public void ApplyReload(ReloadPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        TimeSpan now = Now;
        foreach (RouterBinding removed in plan.Removed)
        {
            _waitingForScripts.Remove(removed);
            Delete(removed, now); // VrrpEventLoop.Notify.cs
        }

        plan.RegisterPorts();
        foreach (InPlaceUpdate update in plan.Updated)
        {
            SwapInPlace(update);
        }

        _bindings = [.. plan.Bindings];
        _virtualAddresses = null;
        _byRouter.Clear();
        foreach (RouterBinding binding in _bindings)
        {
            _byRouter.Add(binding.Router, binding);
        }

        foreach (InPlaceUpdate update in plan.Updated)
        {
            ApplyTrackingChange(update.Old, update.New, now);
        }

        WatchReloadedInterfaces(); // dynamic_interfaces: VrrpEventLoop.Interfaces.cs
        foreach (RouterBinding added in plan.Added)
        {
            CopyReadings(added, _bindings);
            if (_started)
            {
                StartTracked(added, now);
            }
        }

        ScheduleNextDeadline();
    }

    private void SwapInPlace(InPlaceUpdate update)
    {
        try
        {
            update.SwapPorts(update.Old.Router.State == RouterState.Master);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As for any failed netlink call: the router keeps running; the next transition retries.
            WarnActionFailed(update.Old, RouterActionKind.AddVirtualAddresses, e);
        }

        CopyReadings(update.New, [update.Old]);
        if (_waitingForScripts.Remove(update.Old))
        {
            _waitingForScripts.Add(update.New);
        }
    }

    /// <summary>The old tracking held some faults and gave some priority; step the router by the difference only.</summary>
    private void ApplyTrackingChange(RouterBinding old, RouterBinding updated, TimeSpan now)
    {
        TrackingOutcome before = old.Tracking.Outcome;
        TrackingOutcome after = updated.Tracking.Outcome;
        foreach (TrackerKey fault in after.Faults)
        {
            if (!before.Faults.Contains(fault))
            {
                Step(updated, RouterInput.TrackerFault(fault.ToString()), now);
            }
        }

        foreach (TrackerKey fault in before.Faults)
        {
            if (!after.Faults.Contains(fault))
            {
                Step(updated, RouterInput.TrackerRecovered(fault.ToString()), now);
            }
        }

        // The configured priority is part of the tracked total: a changed `priority` arrives here
        // (address owners are re-created instead, their priority never moves).
        if (updated.Router.State != RouterState.Initialize && after.Priority != updated.Router.EffectivePriority)
        {
            int effective = updated.Router.EffectivePriority;
            Step(updated, RouterInput.EffectivePriorityChanged(after.Priority), now);
            NotePriorityChange(updated, effective);
        }
    }

    /// <summary>A new binding starts with the readings its trackers already have elsewhere (scripts keep running across a reload).</summary>
    private static void CopyReadings(RouterBinding target, IReadOnlyList<RouterBinding> sources)
    {
        foreach (TrackerBinding tracker in target.Tracking.Bindings)
        {
            foreach (RouterBinding source in sources)
            {
                TrackerReading reading = source.Tracking.Reading(tracker.Key);
                if (!ReferenceEquals(source, target) && reading != TrackerReading.Unknown)
                {
                    target.Tracking.Update(tracker.Key, reading);
                    break;
                }
            }
        }
    }
}
