namespace Vigil.Core.Protocol;

/// <summary>
/// Which bytes the VRRP checksum covers.
/// <list type="bullet">
/// <item>v2: the VRRP message only (RFC 3768 §5.3.8).</item>
/// <item>v3 over IPv6: the IPv6 pseudo-header (RFC 8200 §8.1) plus the message (RFC 5798 §5.2.8).</item>
/// <item>v3 over IPv4: keepalived 2.2.7 (and FRR by default) include the IPv4 pseudo-header
/// (src, dst, 0, 112, length), with dst the multicast group or, for unicast, the peer the copy is
/// sent to. RFC 9568 §5.2.8 says message-only (Cisco/Juniper); keepalived 2.2.8 offers that as
/// <c>v3_checksum_as_v2</c>, passed here as <c>messageOnlyV3Ipv4</c>.</item>
/// </list>
/// </summary>
public static class VrrpChecksum
{
    public const int Offset = 6;

    /// <summary>
    /// The checksum for <paramref name="message"/> with its checksum field counted as it is:
    /// 0 when the field is zeroed and the message is about to be sent, or 0 over a received
    /// message whose checksum is correct.
    /// </summary>
    public static ushort Compute(ReadOnlySpan<byte> message, byte version, NetAddress source, NetAddress destination, bool messageOnlyV3Ipv4)
    {
        ulong sum = 0;
        if (version == 3 && (source.Family == IpFamily.IPv6 || !messageOnlyV3Ipv4))
        {
            // IPv6 (RFC 8200 §8.1): src(16) dst(16) upper-layer length(4) zero(3) next header(1).
            // IPv4 (as UDP's, RFC 768): src(4) dst(4) zero(1) protocol(1) length(2).
            // Both sum to the addresses' words + protocol + length, added here without building the bytes.
            sum = AddressSum(source) + AddressSum(destination) + VrrpConstants.IpProtocol + (uint)message.Length;
        }

        return InternetChecksum.Finish(InternetChecksum.Add(sum, message));
    }

    // The one's complement sum of an address's 32-bit words (an IPv4 address has only the low word).
    private static ulong AddressSum(NetAddress address)
    {
        ulong high = (ulong)(address.Value >> 64);
        ulong low = (ulong)address.Value;
        return (high >> 32) + (high & 0xFFFF_FFFF) + (low >> 32) + (low & 0xFFFF_FFFF);
    }

    /// <summary>Whether the checksum in a received <paramref name="message"/> verifies.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, byte version, in PacketEnvelope envelope, bool messageOnlyV3Ipv4) =>
        Compute(message, version, envelope.Source, envelope.Destination, messageOnlyV3Ipv4) == 0;
}
