namespace Vigil.Core.Tracking;

/// <summary>
/// Folds tracker contributions into an instance's priority (keepalived vrrp_track.c
/// vrrp_set_effective_priority): base + the sum of the weights, clamped to 1..254; an address owner
/// (255) is never moved. Faults are collected separately: they are state, not priority.
/// </summary>
public static class EffectivePriority
{
    public const int Owner = 255;

    public static TrackingOutcome Compute(int basePriority, IReadOnlyList<TrackerBinding> bindings, Func<TrackerKey, TrackerReading> readings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        ArgumentNullException.ThrowIfNull(readings);
        long total = basePriority;
        List<TrackerKey>? faults = null;
        bool pending = false;
        foreach (TrackerBinding binding in bindings)
        {
            TrackerContribution contribution = TrackerContribution.For(binding, readings(binding.Key));
            total += contribution.PriorityDelta;
            pending |= contribution.Pending;
            if (contribution.Fault)
            {
                (faults ??= []).Add(binding.Key);
            }
        }

        return new TrackingOutcome(Clamp(basePriority, total), faults ?? (IReadOnlyList<TrackerKey>)[], pending);
    }

    /// <summary>The priority an instance advertises for a raw total (vrrp_set_effective_priority).</summary>
    public static int Clamp(int basePriority, long total) =>
        basePriority == Owner ? Owner : (int)Math.Clamp(total, 1, 254);
}
