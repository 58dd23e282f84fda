namespace Vigil.Core.Simulation;

/// <summary>
/// How one direction of a simulated link treats packets. Loss and duplication are probabilities;
/// each copy is delayed by <see cref="Delay"/> plus a uniform share of <see cref="Jitter"/>, so a
/// jitter larger than the gap between packets reorders them.
/// </summary>
public sealed record LinkConditions
{
    /// <summary>A clean LAN: 100 µs latency, nothing lost.</summary>
    public static LinkConditions Clean { get; } = new();

    public double Loss { get; init; }

    public double Duplicate { get; init; }

    public TimeSpan Delay { get; init; } = TimeSpan.FromMicroseconds(100);

    public TimeSpan Jitter { get; init; }
}
