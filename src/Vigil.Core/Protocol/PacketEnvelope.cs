namespace Vigil.Core.Protocol;

/// <summary>
/// What the socket layer knows about a received advertisement and the message itself does not:
/// the IP source and destination (the v3 checksum pseudo-header and the unicast/multicast checks
/// need them), and the TTL or Hop Limit.
/// </summary>
/// <param name="Source">IP source address.</param>
/// <param name="Destination">IP destination: the multicast group, or our own address for unicast.</param>
/// <param name="Ttl">IPv4 TTL or IPv6 Hop Limit; -1 when unknown (IPv6 control data truncated).</param>
public readonly record struct PacketEnvelope(NetAddress Source, NetAddress Destination, int Ttl)
{
    public const int UnknownTtl = -1;

    public IpFamily Family => Source.Family;

    /// <summary>True when the advertisement was sent to a multicast group rather than to us (keepalived unicast_peer).</summary>
    public bool IsMulticast => Destination.IsMulticast;
}
