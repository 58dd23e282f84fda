using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Trackers → routers. Each binding's <see cref="InstanceTracking"/> folds tracker readings into
/// router inputs (a new effective priority, a tracker fault or its recovery); the loop steps the
/// router with them like any other event, so a script never blocks the protocol: its result is
/// just one more event on the channel.
/// </summary>
public sealed partial class VrrpEventLoop
{
    // Instances whose unweighted script has not reported yet: keepalived keeps them in INIT
    // (num_script_init) rather than guess, and starts them on the first result.
    private readonly HashSet<RouterBinding> _waitingForScripts = new(ReferenceEqualityComparer.Instance);
    private bool _started;

    /// <summary>
    /// The interfaces some instance tracks (track_interface), by index: their link events become
    /// tracker readings. Set before the loop runs.
    /// </summary>
    public IReadOnlyDictionary<int, string> TrackedInterfaces { get; set; } = new Dictionary<int, string>();

    private void OnTrackedLink(int interfaceIndex, bool up, TimeSpan now)
    {
        if (TrackedInterfaces.TryGetValue(interfaceIndex, out string? name))
        {
            OnTrackerChanged(TrackerKey.Interface(name), TrackerReading.Of(up), now);
        }
    }

    /// <summary>global_defs <c>vrrp_startup_delay</c>: set before the loop runs.</summary>
    public TimeSpan StartupDelay { get; set; }

    // When the startup delay ends, in loop time: one moment for every instance, also those a reload adds
    // meanwhile (keepalived's vrrp_delayed_start_time is global and a reload does not restart it).
    private TimeSpan _startupDelayUntil;

    private void StartRouters()
    {
        TimeSpan now = Now;
        if (StartupDelay > TimeSpan.Zero)
        {
            _startupDelayUntil = now + StartupDelay;
            Log.DelayingStartup(_logger, StartupDelay.TotalSeconds);
        }

        foreach (RouterBinding binding in _bindings)
        {
            // Only at start: an instance added by a reload, or one held in INIT by its scripts (which ignores adverts), counts from now.
            StartTracked(binding, now, binding.ListeningSinceTimestamp is long since ? _clock.GetElapsedTime(_startTimestamp, since) : null);
        }

        _started = true;
        ScheduleNextDeadline();
    }

    /// <summary>One instance's start (at startup, or when a reload adds it).</summary>
    /// <param name="listeningSince">When the instance's socket began to hold its adverts, in loop time (null: now).</param>
    private void StartTracked(RouterBinding binding, TimeSpan now, TimeSpan? listeningSince = null)
    {
        // Faults go in before Startup so a failing tracker (or a down interface) starts the instance in FAULT, as keepalived does.
        ApplyInitialLink(binding, now);
        if (binding.TrackSourceAddress)
        {
            ReviewTrackedSource(binding, now); // track_src_ip: a source missing at start is a fault too (VrrpEventLoop.Addresses.cs)
        }

        foreach (RouterInput input in binding.Tracking.InitialInputs())
        {
            if (input.Kind == RouterInputKind.TrackerFault)
            {
                Step(binding, input, now);
            }
        }

        if (binding.Tracking.Outcome.Pending)
        {
            _waitingForScripts.Add(binding);
            Log.WaitingForScripts(_logger, binding.Router.Name);
            return;
        }

        StartRouter(binding, now, listeningSince);
    }

    /// <summary>
    /// Startup, then the tracked priority: the state machine's Startup resets the effective priority to
    /// the base one, so the trackers' priority is applied right after it (the down timer moves with it).
    /// </summary>
    private void StartRouter(RouterBinding binding, TimeSpan now, TimeSpan? listeningSince = null)
    {
        binding.Router.StartupDelayUntil = _startupDelayUntil;
        Step(binding, listeningSince is { } since ? RouterInput.StartupListeningSince(since) : RouterInput.Startup, now);
        int priority = binding.Tracking.Outcome.Priority;
        if (priority != binding.Router.EffectivePriority) // after a reload changed `priority` in place, the router's base is the old one
        {
            Step(binding, RouterInput.EffectivePriorityChanged(priority), now);
        }
    }

    private void OnTrackerChanged(TrackerKey tracker, TrackerReading reading, TimeSpan now)
    {
        foreach (RouterBinding binding in _bindings)
        {
            InstanceTracking tracking = binding.Tracking;
            if (!tracking.Tracks(tracker))
            {
                continue;
            }

            int before = tracking.Outcome.Priority;
            int effective = binding.Router.EffectivePriority;
            IReadOnlyList<RouterInput> inputs = tracking.Update(tracker, reading);
            if (inputs.Count > 0)
            {
                string what = tracker.Kind == TrackerKind.File ? $"reads {reading.FileValue}" : $"is {reading.Health}";
                Log.TrackerChanged(_logger, binding.Router.Name, tracker.ToString(), what, before, tracking.Outcome.Priority);
            }

            foreach (RouterInput input in inputs)
            {
                Step(binding, input, now);
            }

            NotePriorityChange(binding, effective);

            if (_started && !tracking.Outcome.Pending && _waitingForScripts.Remove(binding))
            {
                StartRouter(binding, now);
            }
        }
    }
}
