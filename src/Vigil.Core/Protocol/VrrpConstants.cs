namespace Vigil.Core.Protocol;

/// <summary>Wire constants shared by VRRPv2 (RFC 3768) and VRRPv3 (RFC 5798).</summary>
public static class VrrpConstants
{
    /// <summary>IP protocol number 112 (RFC 5798 §5.1.1.4). CARP uses the same number.</summary>
    public const byte IpProtocol = 112;

    /// <summary>TTL / Hop Limit a sender MUST use and a multicast receiver MUST require (RFC 5798 §5.1.1.3, §5.1.2.3).</summary>
    public const byte RequiredTtl = 255;

    /// <summary>The fixed 8-byte header before the address list (RFC 5798 §5.2).</summary>
    public const int HeaderLength = 8;

    /// <summary>VRRPv2 Auth Data after the addresses (RFC 3768 §5.3.10).</summary>
    public const int AuthDataLength = 8;

    /// <summary>Type 1 is the only defined type, ADVERTISEMENT (RFC 5798 §5.2.2).</summary>
    public const byte TypeAdvertisement = 1;

    /// <summary>v3 Max Adver Int is 12 bits of centiseconds (RFC 5798 §5.2.7), so at most 40.95 s.</summary>
    public const ushort MaxV3IntervalCentiseconds = 0x0FFF;

    /// <summary>Largest message: v3 over IPv6 with 255 addresses.</summary>
    public const int MaxMessageLength = HeaderLength + (255 * 16);

    /// <summary>IPv4 multicast group 224.0.0.18 (RFC 5798 §5.1.1.2).</summary>
    public static readonly NetAddress Ipv4Group = NetAddress.FromIPv4(0xE0000012);

    /// <summary>IPv6 multicast group ff02::12 (RFC 5798 §5.1.2.2).</summary>
    public static readonly NetAddress Ipv6Group = new(IpFamily.IPv6, new UInt128(0xFF02_0000_0000_0000, 0x12));

    /// <summary>Size of one address in the address list for <paramref name="family"/>.</summary>
    public static int AddressLength(IpFamily family) => family == IpFamily.IPv6 ? 16 : 4;
}
