namespace Vigil.Lab.Http;

/// <summary>The client's counters at one moment; <see cref="OpenOutageStartMs"/> is set while requests are failing.</summary>
public sealed record ClientSnapshot(
    long Sent,
    long Succeeded,
    long Failed,
    double ElapsedMs,
    IReadOnlyDictionary<string, long> AnsweredBy,
    IReadOnlyList<Outage> Outages,
    double? OpenOutageStartMs)
{
    public Outage? LastOutage => Outages.Count > 0 ? Outages[^1] : null;

    /// <summary>The counts accumulated since <paramref name="earlier"/> (and the outages that ended after it).</summary>
    public ClientSnapshot Since(ClientSnapshot earlier) => new(
        Sent - earlier.Sent,
        Succeeded - earlier.Succeeded,
        Failed - earlier.Failed,
        ElapsedMs - earlier.ElapsedMs,
        AnsweredBy.ToDictionary(p => p.Key, p => p.Value - earlier.AnsweredBy.GetValueOrDefault(p.Key)),
        [.. Outages.Where(o => o.EndMs > earlier.ElapsedMs)],
        OpenOutageStartMs);
}
