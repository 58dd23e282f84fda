using Vigil.Core.StateMachine;

namespace Vigil.Core.Tracking;

/// <summary>
/// The trackers of one instance and their latest readings. <see cref="Update"/> turns a new reading
/// into the state-machine inputs it causes: <see cref="RouterInput.EffectivePriorityChanged"/> for a
/// new priority and <see cref="RouterInput.TrackerFault"/> / <see cref="RouterInput.TrackerRecovered"/>
/// for unweighted trackers. Pure: the daemon's loop owns it and feeds the inputs to the router.
/// </summary>
public sealed class InstanceTracking
{
    private Dictionary<TrackerKey, TrackerReading>? _readings; // at the first reading: most instances track nothing
    private TrackingOutcome _outcome;

    public InstanceTracking(string instance, int basePriority, IReadOnlyList<TrackerBinding> bindings)
    {
        Instance = instance;
        BasePriority = basePriority;
        Bindings = bindings;
        _outcome = EffectivePriority.Compute(basePriority, bindings, Reading);
    }

    public string Instance { get; }

    public int BasePriority { get; }

    public IReadOnlyList<TrackerBinding> Bindings { get; }

    public TrackingOutcome Outcome => _outcome;

    public bool Tracks(TrackerKey key)
    {
        foreach (TrackerBinding binding in Bindings)
        {
            if (binding.Key == key)
            {
                return true;
            }
        }
        return false;
    }

    public TrackerReading Reading(TrackerKey key) => _readings is { } readings && readings.TryGetValue(key, out TrackerReading reading) ? reading : TrackerReading.Unknown;

    /// <summary>The inputs to give the router at startup (before <see cref="RouterInput.Startup"/>): faults and the initial priority.</summary>
    public IReadOnlyList<RouterInput> InitialInputs()
    {
        var inputs = new List<RouterInput>();
        foreach (TrackerKey fault in _outcome.Faults)
        {
            inputs.Add(RouterInput.TrackerFault(fault.ToString()));
        }
        if (_outcome.Priority != BasePriority)
        {
            inputs.Add(RouterInput.EffectivePriorityChanged(_outcome.Priority));
        }
        return inputs;
    }

    /// <summary>Records a reading; returns the router inputs it causes (none if nothing changed).</summary>
    public IReadOnlyList<RouterInput> Update(TrackerKey key, TrackerReading reading)
    {
        if (!Tracks(key) || Reading(key) == reading)
        {
            return [];
        }

        (_readings ??= [])[key] = reading;
        TrackingOutcome before = _outcome;
        _outcome = EffectivePriority.Compute(BasePriority, Bindings, Reading);
        var inputs = new List<RouterInput>();
        foreach (TrackerKey fault in _outcome.Faults)
        {
            if (!before.Faults.Contains(fault))
            {
                inputs.Add(RouterInput.TrackerFault(fault.ToString()));
            }
        }
        foreach (TrackerKey fault in before.Faults)
        {
            if (!_outcome.Faults.Contains(fault))
            {
                inputs.Add(RouterInput.TrackerRecovered(fault.ToString()));
            }
        }
        if (_outcome.Priority != before.Priority)
        {
            inputs.Add(RouterInput.EffectivePriorityChanged(_outcome.Priority));
        }
        return inputs;
    }
}
