using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

public sealed class AdvertisementCodecTests
{
    [Fact]
    public void Write_V2Pass_PutsPasswordZeroPaddedAfterAddresses()
    {
        byte[] message = Packets.For(Packets.V2Pass, Packets.Multicast4);

        Assert.Equal(8 + (2 * 4) + 8, message.Length);
        Assert.Equal("7365637265740000", Convert.ToHexString(message, 16, 8).ToLowerInvariant());
    }

    [Fact]
    public void Write_PasswordLongerThanEight_IsTruncatedAsKeepalivedDoes()
    {
        var expected = Packets.V2Pass with { AuthPassword = "abcdefghij"u8.ToArray() };

        byte[] message = Packets.For(expected, Packets.Multicast4);

        Assert.Equal("abcdefgh"u8.ToArray(), message[16..24]);
    }

    [Fact]
    public void Write_V3_WritesTwelveBitIntervalInCentiseconds()
    {
        var expected = Packets.V3 with { AdverIntervalCentiseconds = 4095 };

        byte[] message = Packets.For(expected, Packets.Multicast4);

        Assert.Equal(0x0F, message[4]);
        Assert.Equal(0xFF, message[5]);
    }

    [Fact]
    public void Write_ThenTryRead_RoundTripsEveryField()
    {
        byte[] message = Packets.For(Packets.V3Ipv6, Packets.Multicast6, priority: 254);

        Assert.True(AdvertisementCodec.TryRead(message, IpFamily.IPv6, out var advert, out _));

        Assert.Equal(3, advert.Version);
        Assert.Equal(51, advert.VirtualRouterId);
        Assert.Equal(254, advert.Priority);
        Assert.Equal(1, advert.AddressCount);
        Assert.Equal(100, advert.AdverIntervalCentiseconds);
        Assert.Equal(Packets.Vips6[0], advert.AddressAt(message, 0));
        Assert.True(advert.AuthData(message).IsEmpty);
    }

    [Fact]
    public void Write_ChecksumVerifiesOnlyForTheDestinationUsed()
    {
        // keepalived 2.2.7 unicast: one checksum per peer, since the peer is in the pseudo-header.
        byte[] message = Packets.For(Packets.V3Unicast, Packets.Unicast4);

        Assert.True(VrrpChecksum.Verify(message, 3, Packets.Unicast4, messageOnlyV3Ipv4: false));
        Assert.False(VrrpChecksum.Verify(message, 3, Packets.Unicast4 with { Destination = NetAddress.Parse("192.0.2.9") }, messageOnlyV3Ipv4: false));
    }

    [Fact]
    public void Write_V3ChecksumAsV2_CoversTheMessageOnly()
    {
        var expected = Packets.V3 with { V3ChecksumAsV2 = true };

        byte[] message = Packets.For(expected, Packets.Multicast4);

        Assert.Equal(0, InternetChecksum.Compute(message));
    }

    [Fact]
    public void Write_V2OverIpv6_Throws()
    {
        var header = new Advertisement(2, IpFamily.IPv6, 1, 100, 1, 100);

        Assert.Throws<ArgumentException>(() => AdvertisementCodec.Write(new byte[64], header, new byte[16], [], Packets.Peer6, VrrpConstants.Ipv6Group));
    }

    [Theory]
    [InlineData(2, 150)]
    [InlineData(2, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 4096)]
    public void Write_IntervalTheVersionCannotCarry_Throws(byte version, ushort centiseconds)
    {
        var header = new Advertisement(version, IpFamily.IPv4, 1, 100, 1, centiseconds);

        Assert.Throws<ArgumentException>(() => AdvertisementCodec.Write(new byte[64], header, new byte[4], [], Packets.Peer4, VrrpConstants.Ipv4Group));
    }

    [Fact]
    public void Write_BufferTooSmall_Throws()
    {
        var header = new Advertisement(3, IpFamily.IPv4, 1, 100, 1, 100);

        Assert.Throws<ArgumentException>(() => AdvertisementCodec.Write(new byte[11], header, new byte[4], [], Packets.Peer4, VrrpConstants.Ipv4Group));
    }

    [Fact]
    public void Write_AddressBytesDisagreeWithCount_Throws()
    {
        var header = new Advertisement(3, IpFamily.IPv4, 1, 100, 2, 100);

        Assert.Throws<ArgumentException>(() => AdvertisementCodec.Write(new byte[64], header, new byte[4], [], Packets.Peer4, VrrpConstants.Ipv4Group));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void TryRead_ShorterThanHeader_IsPacketLength(int length)
    {
        Assert.False(AdvertisementCodec.TryRead(new byte[length], IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void TryRead_CountClaimsMoreAddressesThanPresent_IsPacketLength()
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[3] = 255;

        Assert.False(AdvertisementCodec.TryRead(message, IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void TryRead_TrailingByte_IsPacketLength()
    {
        byte[] message = [.. Packets.For(Packets.V3, Packets.Multicast4), 0];

        Assert.False(AdvertisementCodec.TryRead(message, IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void TryRead_CarpHeader_IsRecognisedAsCarp()
    {
        // ucarp: version 2 type 1, vhid, advskew, authlen 7, demote, advbase, cksum, counter[8], md[20].
        byte[] carp = new byte[36];
        carp[0] = 0x21;
        carp[1] = 51;
        carp[3] = 7;
        carp[5] = 1;

        Assert.False(AdvertisementCodec.TryRead(carp, IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.CarpPacket, reason);
    }

    [Theory]
    [InlineData(0x11)]
    [InlineData(0x41)]
    [InlineData(0xF1)]
    public void TryRead_UnknownVersion_IsVersionMismatch(byte versionType)
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[0] = versionType;

        Assert.False(AdvertisementCodec.TryRead(message, IpFamily.IPv4, out _, out var reason));
        Assert.Equal(DropReason.VersionMismatch, reason);
    }

    [Fact]
    public void TryRead_V3ReservedBitsSet_AreIgnored()
    {
        // RFC 5798 §5.2.6: reserved bits are ignored on reception.
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[4] |= 0xF0;

        Assert.True(AdvertisementCodec.TryRead(message, IpFamily.IPv4, out var advert, out _));
        Assert.Equal(100, advert.AdverIntervalCentiseconds);
    }

    [Fact]
    public void TryPeekVirtualRouterId_WholeHeader_GivesVrid()
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);

        Assert.True(AdvertisementCodec.TryPeekVirtualRouterId(message, out byte vrid));
        Assert.Equal(51, vrid);
        Assert.False(AdvertisementCodec.TryPeekVirtualRouterId(message.AsSpan(0, 7), out _));
    }
}
