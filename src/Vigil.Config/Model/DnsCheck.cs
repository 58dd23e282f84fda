namespace Vigil.Config.Model;

/// <summary>
/// <c>DNS_CHECK { type, name }</c> (check_dns.c): one query over UDP (recursion desired, class IN, default type SOA
/// of the root); up when an answer with the query's id and QR set has RCODE 0 (NOERROR), as keepalived 2.2.7 checks.
/// keepalived's defaults: retry 3, delay_before_retry the delay_loop.
/// </summary>
public sealed record DnsCheck(SourceRef Location) : HealthCheck(Location)
{
    /// <summary>The record types keepalived knows, by name.</summary>
    public static readonly IReadOnlyDictionary<string, ushort> Types = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        ["A"] = 1,
        ["NS"] = 2,
        ["CNAME"] = 5,
        ["SOA"] = 6,
        ["MX"] = 15,
        ["TXT"] = 16,
        ["AAAA"] = 28,
        ["RRSIG"] = 46,
        ["DNSKEY"] = 48,
    };

    public override string Kind => "DNS_CHECK";

    public ushort Type { get; init; } = 6;

    /// <summary>The query name; empty (keepalived's default) is the root.</summary>
    public string Name { get; init; } = string.Empty;
}
