namespace Vigil.Config.Model;

/// <summary>
/// One line of <c>virtual_rules</c> or <c>static_rules</c>, in <c>ip rule</c> syntax:
/// <c>[from P] [to P] [table T] [preference N] [iif IF] [oif IF] [fwmark V[/M]] [no_track] [track_group G] …</c>.
/// Other options (tos, realms, goto, uidrange, sport, dport, …) are kept as written in <see cref="Options"/>.
/// </summary>
public sealed record RuleEntry(SourceRef Location)
{
    public string? From { get; init; }

    public string? To { get; init; }

    public string? Table { get; init; }

    /// <summary>keepalived derives one (16384 counting down) when it is missing, with a warning.</summary>
    public long? Preference { get; init; }

    public string? InputInterface { get; init; }

    public string? OutputInterface { get; init; }

    public string? Fwmark { get; init; }

    public bool Inet6 { get; init; }

    public bool NoTrack { get; init; }

    /// <summary><c>track_group G</c> (static_rules only, with <c>iif</c>): G's instances track the iif, unweighted.</summary>
    public string? TrackGroup { get; init; }

    public ValueArray<string> Options { get; init; } = ValueArray<string>.Empty;
}
