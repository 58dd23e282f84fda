namespace Vigil.Config.Model;

/// <summary>
/// <c>UDP_CHECK { }</c> (check_udp.c): a datagram (<c>payload</c>, else 32 bytes) to the server; an ICMP unreachable
/// is a failure; no answer within connect_timeout is a success unless <c>require_reply</c>, which then needs an
/// answer of min_reply_length–max_reply_length bytes starting with the reply pattern (hex, x a wildcard nibble).
/// </summary>
public sealed record UdpCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "UDP_CHECK";

    /// <summary>The payload as hex digits, or null for keepalived's 32-byte default.</summary>
    public string? Payload { get; init; }

    public bool RequireReply { get; init; }

    /// <summary>The expected start of the reply as hex digits, <c>x</c> for a wildcard nibble; null for any.</summary>
    public string? Reply { get; init; }

    public int MinReplyLength { get; init; }

    public int MaxReplyLength { get; init; } = 255;
}
