using System.Buffers.Binary;

namespace Vigil.Linux.Announcements;

/// <summary>
/// Builds the Ethernet frame of an unsolicited Neighbor Advertisement (RFC 4861 §4.4, §7.2.6) as
/// keepalived sends it (vrrp_ndisc.c): to ff02::1 / 33:33:00:00:00:01 (RFC 2464 §7), source
/// address the VIP itself, hop limit 255, Override flag set so caches update, Router flag when
/// the interface forwards, and a Target Link-Layer Address option carrying the interface MAC.
/// </summary>
public static class UnsolicitedNeighborAdvertisement
{
    /// <summary>Ethernet (14) + IPv6 (40) + NA (24) + target link-layer option (8).</summary>
    public const int FrameLength = EthernetHeaderLength + IPv6HeaderLength + IcmpLength;

    private const int EthernetHeaderLength = 14;
    private const int IPv6HeaderLength = 40;
    private const int IcmpLength = 24 + 8;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const byte NextHeaderIcmpv6 = 58;
    private const byte HopLimit = 255; // RFC 4861 §7.1.2: receivers drop NAs with any other hop limit
    private const byte TypeNeighborAdvertisement = 136;
    private const byte OptionTargetLinkLayerAddress = 2;
    private const uint FlagRouter = 0x8000_0000;
    private const uint FlagOverride = 0x2000_0000;

    /// <summary>Writes the frame into <paramref name="destination"/> and returns its length.</summary>
    /// <param name="senderMac">The interface's 6-byte hardware address.</param>
    /// <param name="address">The 16-byte IPv6 VIP.</param>
    /// <param name="isRouter">Sets the R flag; keepalived does so when IPv6 forwarding is on for the interface.</param>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> address, bool isRouter)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(senderMac.Length, 6, nameof(senderMac));
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, 16, nameof(address));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, FrameLength, nameof(destination));

        Span<byte> frame = destination[..FrameLength];
        frame.Clear();
        frame[0] = 0x33;
        frame[1] = 0x33;
        frame[5] = 0x01;
        senderMac.CopyTo(frame[6..12]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeIPv6);

        Span<byte> ip = frame.Slice(EthernetHeaderLength, IPv6HeaderLength);
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], IcmpLength);
        ip[6] = NextHeaderIcmpv6;
        ip[7] = HopLimit;
        address.CopyTo(ip[8..24]);
        ip[24] = 0xFF;
        ip[25] = 0x02;
        ip[39] = 0x01;

        Span<byte> icmp = frame[(EthernetHeaderLength + IPv6HeaderLength)..];
        icmp[0] = TypeNeighborAdvertisement;
        BinaryPrimitives.WriteUInt32BigEndian(icmp[4..], FlagOverride | (isRouter ? FlagRouter : 0));
        address.CopyTo(icmp[8..24]);
        icmp[24] = OptionTargetLinkLayerAddress;
        icmp[25] = 1; // option length in units of 8 octets
        senderMac.CopyTo(icmp[26..32]);

        ushort checksum = Icmpv6Checksum.Compute(ip[8..24], ip[24..40], icmp);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], checksum);
        return FrameLength;
    }
}
