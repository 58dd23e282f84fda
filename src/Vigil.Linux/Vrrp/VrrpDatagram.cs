namespace Vigil.Linux.Vrrp;

/// <summary>
/// One received VRRP packet with the envelope facts validation needs (RFC 5798 §7.1: TTL/hop
/// limit 255, source for the checksum pseudo-header and tie-breaks, destination to tell multicast
/// from unicast). The spans point into the socket's reusable buffers and are valid only until its
/// next receive: nothing here allocates.
/// </summary>
public readonly ref struct VrrpDatagram
{
    public VrrpDatagram(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte hopLimit, int interfaceIndex)
    {
        Payload = payload;
        Source = source;
        Destination = destination;
        HopLimit = hopLimit;
        InterfaceIndex = interfaceIndex;
    }

    /// <summary>The VRRP message (after the IPv4 header, which the kernel delivers on raw IPv4 sockets).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Source address in network order: 4 bytes for IPv4, 16 for IPv6.</summary>
    public ReadOnlySpan<byte> Source { get; }

    /// <summary>Destination address in network order: 4 bytes for IPv4, 16 for IPv6.</summary>
    public ReadOnlySpan<byte> Destination { get; }

    /// <summary>IPv4 TTL or IPv6 hop limit as received.</summary>
    public byte HopLimit { get; }

    public int InterfaceIndex { get; }
}
