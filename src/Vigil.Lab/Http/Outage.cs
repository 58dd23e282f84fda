namespace Vigil.Lab.Http;

/// <summary>
/// A run of failed requests: from the start of the first failed request to the start of the
/// first later request that succeeded (milliseconds since the client started), and how many failed.
/// </summary>
public sealed record Outage(double StartMs, double EndMs, int FailedRequests)
{
    public double DurationMs => EndMs - StartMs;
}
