using System.Net;
using System.Net.Sockets;

namespace Vigil.Linux.Netlink;

/// <summary>
/// One policy-routing rule to add with RTM_NEWRULE or delete with RTM_DELRULE, as keepalived 2.2.7 sends it
/// for <c>virtual_rules</c> / <c>static_rules</c>: action "to table" (main unless given).
/// A null address with prefix length 0 is "all".
/// </summary>
public sealed record RuleRequest(AddressFamily Family)
{
    public IPAddress? From { get; init; }

    public int FromPrefixLength { get; init; }

    public IPAddress? To { get; init; }

    public int ToPrefixLength { get; init; }

    public uint Table { get; init; } = RouteRequest.MainTable;

    public uint? Priority { get; init; }

    public uint? Fwmark { get; init; }

    public uint? FwmarkMask { get; init; }

    public string? InputInterface { get; init; }

    public string? OutputInterface { get; init; }

    /// <summary>
    /// FRA_PROTOCOL: RTPROT_KEEPALIVED (18) on every rule without no_track, as keepalived 2.2.7 marks the rules it
    /// watches (its rule monitor ignores rules of another protocol); null sends none.
    /// </summary>
    public byte? Protocol { get; init; }

    public override string ToString() =>
        $"{(Priority is uint p ? $"{p}: " : "")}from {(From is null ? "all" : $"{From}/{FromPrefixLength}")}"
        + $"{(To is null ? "" : $" to {To}/{ToPrefixLength}")}{(Fwmark is uint m ? $" fwmark {m}" : "")}"
        + $"{(InputInterface is null ? "" : $" iif {InputInterface}")}{(OutputInterface is null ? "" : $" oif {OutputInterface}")} lookup {Table}";
}
