namespace Vigil.Linux.Timing;

/// <summary>
/// Counts deadlines that fired later than a threshold and reports each one to a hook (the daemon
/// logs it). Issue 4: a timer late by more than half an advert interval is a stall worth knowing
/// about, since a whole interval late is a false failover.
/// </summary>
public sealed class StallDetector
{
    private readonly Action<TimeSpan>? _onStall;

    public StallDetector(TimeSpan threshold, Action<TimeSpan>? onStall = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, TimeSpan.Zero);
        Threshold = threshold;
        _onStall = onStall;
    }

    /// <summary>Lateness above which a firing counts as a stall; may be changed when the advert interval changes.</summary>
    public TimeSpan Threshold { get; set; }

    public long StallCount { get; private set; }

    public TimeSpan MaximumLateness { get; private set; }

    /// <summary>Records one firing; returns true when it was a stall.</summary>
    public bool Observe(TimeSpan lateness)
    {
        if (lateness > MaximumLateness)
        {
            MaximumLateness = lateness;
        }

        if (lateness <= Threshold)
        {
            return false;
        }

        StallCount++;
        _onStall?.Invoke(lateness);
        return true;
    }
}
