using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// One line of <c>virtual_routes</c> or <c>static_routes</c>, in <c>ip route</c> syntax:
/// <c>[src IP] [to] PREFIX [via|gw IP [or IP]] [dev IF] [scope S] [table T] [metric N] [no_track] [track_group G] …</c>,
/// or <c>blackhole|unreachable|prohibit|throw PREFIX</c>. The fields Vigil acts on are typed; other
/// <c>ip route</c> options (mtu, advmss, initcwnd, …) are kept as written in <see cref="Options"/> so they are passed on, not lost.
/// </summary>
public sealed record RouteEntry(string Destination, SourceRef Location)
{
    /// <summary>blackhole, unreachable, prohibit, throw; null for a normal unicast route.</summary>
    public string? Type { get; init; }

    public IPAddress? Source { get; init; }

    public IPAddress? Via { get; init; }

    /// <summary><c>or IP</c>: the alternative gateway keepalived uses if the first is not reachable.</summary>
    public IPAddress? Or { get; init; }

    public string? Device { get; init; }

    public string? Scope { get; init; }

    public string? Table { get; init; }

    public long? Metric { get; init; }

    public bool NoTrack { get; init; }

    /// <summary><c>track_group G</c> (static_routes only, with <c>dev</c>): G's instances track the dev, unweighted.</summary>
    public string? TrackGroup { get; init; }

    /// <summary>Other <c>ip route</c> options as name/value words, in the order written.</summary>
    public ValueArray<string> Options { get; init; } = ValueArray<string>.Empty;
}
