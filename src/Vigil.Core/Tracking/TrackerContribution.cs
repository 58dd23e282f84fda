namespace Vigil.Core.Tracking;

/// <summary>What one tracker does to one instance right now.</summary>
/// <param name="PriorityDelta">Added to the base priority.</param>
/// <param name="Fault">The instance must be in FAULT because of this tracker.</param>
/// <param name="Pending">An unweighted script has not reported yet; keepalived keeps the instance in INIT until it has.</param>
public readonly record struct TrackerContribution(int PriorityDelta, bool Fault, bool Pending)
{
    public static TrackerContribution None => default;

    /// <summary>
    /// keepalived vrrp_track.c: a weighted tracker adds <c>weight × (reverse ? −1 : 1)</c> while it is up
    /// if the weight is positive, or while it is down if the weight is negative, and nothing otherwise;
    /// an unweighted one puts the instance in FAULT while it is down (while it is up with reverse).
    /// A track_file reads a number instead: see <see cref="ForFile"/>.
    /// </summary>
    public static TrackerContribution For(TrackerBinding binding, TrackerReading reading) =>
        binding.Key.Kind == TrackerKind.File ? ForFile(binding, reading) : ForHealth(binding, reading.Health);

    private static TrackerContribution ForHealth(TrackerBinding binding, TrackerHealth health)
    {
        if (health == TrackerHealth.Unknown)
        {
            // A script that has not exited yet moves nothing (vrrp_track.c initialise_track_script_state).
            return binding.Weight == 0 ? new TrackerContribution(0, false, true) : None;
        }

        bool up = health == TrackerHealth.Up;
        int multiplier = binding.Reverse ? -1 : 1;
        if (binding.Weight == 0)
        {
            return new TrackerContribution(0, up != !binding.Reverse, false);
        }

        bool applies = up ? binding.Weight > 0 : binding.Weight < 0;
        return applies ? new TrackerContribution(binding.Weight * multiplier, false, false) : None;
    }

    /// <summary>
    /// keepalived trackers/track_file.c: weight 0 makes a non-zero value (a zero one with reverse) a
    /// fault; otherwise value × weight × (reverse ? −1 : 1), limited to −254..253, where −254 is FAULT.
    /// </summary>
    private static TrackerContribution ForFile(TrackerBinding binding, TrackerReading reading)
    {
        if (reading.Health == TrackerHealth.Unknown)
        {
            return None;
        }

        if (binding.Weight == 0)
        {
            return new TrackerContribution(0, (reading.FileValue != 0) != binding.Reverse, false);
        }

        long status = reading.FileValue * binding.Weight * (binding.Reverse ? -1L : 1L);
        return status <= -254
            ? new TrackerContribution(0, true, false)
            : new TrackerContribution((int)Math.Min(status, 253), false, false);
    }
}
