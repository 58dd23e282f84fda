using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

/// <summary>One negative vector per receive check of reliability-rules.md §2, plus the order between them.</summary>
public sealed class AdvertisementValidatorTests
{
    private static DropReason Validate(byte[] message, in PacketEnvelope envelope, ReceiveExpectation expected) =>
        AdvertisementValidator.Validate(message, envelope, expected, out _, out _);

    private static DropReason Validate(byte[] message, in PacketEnvelope envelope, ReceiveExpectation expected, out ReceiveNotes notes) =>
        AdvertisementValidator.Validate(message, envelope, expected, out _, out notes);

    [Fact]
    public void Validate_ValidV2Pass_Accepts()
    {
        byte[] message = Packets.For(Packets.V2Pass, Packets.Multicast4);

        var reason = AdvertisementValidator.Validate(message, Packets.Multicast4, Packets.V2Pass, out var advert, out var notes);

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(ReceiveNotes.None, notes);
        Assert.Equal(100, advert.Priority);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Validate_ShorterThanHeader_IsPacketLength(int length) =>
        Assert.Equal(DropReason.PacketLength, Validate(new byte[length], Packets.Multicast4, Packets.V3));

    [Fact]
    public void Validate_CountBeyondReceivedLength_IsPacketLengthAndReadsNothingOutside()
    {
        // keepalived 2.2.7 located the password through tot_len before validating it (aa7d5be6).
        byte[] message = Packets.Mutated(Packets.For(Packets.V2Pass, Packets.Multicast4), Packets.Multicast4, m => m[3] = 200);

        Assert.Equal(DropReason.PacketLength, Validate(message, Packets.Multicast4, Packets.V2Pass));
    }

    [Fact]
    public void Validate_OtherVrid_IsIgnoredSilentlyEvenWhenOtherwiseBroken()
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[1] = 52;
        message[6] ^= 0xFF;

        var reason = Validate(message, Packets.Multicast4 with { Ttl = 1 }, Packets.V3);

        Assert.Equal(DropReason.UnknownVrid, reason);
        Assert.True(DropReasonInfo.IsSilent(reason));
    }

    [Fact]
    public void Validate_AhInstance_IsUnsupportedAuthentication()
    {
        var ah = Packets.V2None with { AuthType = VrrpAuthType.IpAuthenticationHeader };
        byte[] message = Packets.For(Packets.V2None, Packets.Multicast4);

        Assert.Equal(DropReason.UnsupportedAuthentication, Validate(message, Packets.Multicast4, ah));
    }

    [Fact]
    public void Validate_AuthTypeTwoField_IsUnsupportedAuthentication()
    {
        byte[] message = Packets.Mutated(Packets.For(Packets.V2None, Packets.Multicast4), Packets.Multicast4, m => m[4] = 2);

        Assert.Equal(DropReason.UnsupportedAuthentication, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_CarpPacket_IsCarpPacket()
    {
        byte[] carp = new byte[36];
        carp[0] = 0x21;
        carp[1] = 51;
        carp[3] = 7;
        carp[5] = 1;

        Assert.Equal(DropReason.CarpPacket, Validate(carp, Packets.Multicast4, Packets.V2None));
    }

    [Theory]
    [InlineData(254)]
    [InlineData(1)]
    [InlineData(PacketEnvelope.UnknownTtl)]
    public void Validate_MulticastTtlNot255_IsTtlError(int ttl)
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);

        Assert.Equal(DropReason.TtlError, Validate(message, Packets.Multicast4 with { Ttl = ttl }, Packets.V3));
    }

    [Fact]
    public void Validate_Ipv6HopLimitNot255_IsTtlError()
    {
        byte[] message = Packets.For(Packets.V3Ipv6, Packets.Multicast6);

        Assert.Equal(DropReason.TtlError, Validate(message, Packets.Multicast6 with { Ttl = 64 }, Packets.V3Ipv6));
    }

    [Fact]
    public void Validate_UnicastTtl64WithoutMinTtl_Accepts()
    {
        // keepalived applies no TTL check to unicast unless min_ttl/max_ttl is configured.
        var envelope = Packets.Unicast4 with { Ttl = 64 };
        byte[] message = Packets.For(Packets.V3Unicast, envelope);

        Assert.Equal(DropReason.None, Validate(message, envelope, Packets.V3Unicast));
    }

    [Fact]
    public void Validate_UnicastTtlBelowMinTtl_IsTtlError()
    {
        var envelope = Packets.Unicast4 with { Ttl = 64 };
        byte[] message = Packets.For(Packets.V3Unicast, envelope);

        Assert.Equal(DropReason.TtlError, Validate(message, envelope, Packets.V3Unicast with { UnicastMinTtl = 255 }));
    }

    [Fact]
    public void Validate_V3PacketOnV2Instance_IsVersionMismatch()
    {
        byte[] v3 = Packets.For(Packets.V3, Packets.Multicast4);

        Assert.Equal(DropReason.VersionMismatch, Validate(v3, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_AuthTypeThree_IsInvalidAuthType()
    {
        byte[] message = Packets.Mutated(Packets.For(Packets.V2None, Packets.Multicast4), Packets.Multicast4, m => m[4] = 3);

        Assert.Equal(DropReason.InvalidAuthType, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_PassPacketOnNoAuthInstance_IsAuthTypeMismatch()
    {
        byte[] message = Packets.For(Packets.V2Pass, Packets.Multicast4);

        Assert.Equal(DropReason.AuthTypeMismatch, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_NoAuthPacketOnPassInstance_IsAuthTypeMismatch()
    {
        byte[] message = Packets.For(Packets.V2None, Packets.Multicast4);

        Assert.Equal(DropReason.AuthTypeMismatch, Validate(message, Packets.Multicast4, Packets.V2Pass));
    }

    [Theory]
    [InlineData("Secret")]
    [InlineData("secre")]
    [InlineData("secret1")]
    public void Validate_WrongPassword_IsAuthFailure(string password)
    {
        byte[] message = Packets.For(Packets.V2Pass with { AuthPassword = ReceiveExpectation.PadPassword(password) }, Packets.Multicast4);

        Assert.Equal(DropReason.AuthFailure, Validate(message, Packets.Multicast4, Packets.V2Pass));
    }

    [Fact]
    public void Validate_PasswordsEqualInFirstEightBytes_Accepts()
    {
        // keepalived uses only the first 8 characters of auth_pass.
        var sent = Packets.V2Pass with { AuthPassword = ReceiveExpectation.PadPassword("12345678-a") };
        var configured = Packets.V2Pass with { AuthPassword = ReceiveExpectation.PadPassword("12345678-b") };
        byte[] message = Packets.For(sent, Packets.Multicast4);

        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, configured));
    }

    [Fact]
    public void Validate_V2IntervalDiffers_IsAdvertIntervalMismatch()
    {
        byte[] message = Packets.For(Packets.V2None with { AdverIntervalCentiseconds = 200 }, Packets.Multicast4);

        Assert.Equal(DropReason.AdvertIntervalMismatch, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_V3IntervalDiffers_AcceptsWithNote()
    {
        byte[] message = Packets.For(Packets.V3 with { AdverIntervalCentiseconds = 10 }, Packets.Multicast4);

        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, Packets.V3, out var notes));
        Assert.Equal(ReceiveNotes.AdverIntervalDiffers, notes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(15)]
    public void Validate_TypeNotAdvertisement_IsInvalidType(byte type)
    {
        byte[] message = Packets.Mutated(Packets.For(Packets.V3, Packets.Multicast4), Packets.Multicast4, m => m[0] = (byte)(0x30 | type));

        Assert.Equal(DropReason.InvalidType, Validate(message, Packets.Multicast4, Packets.V3));
    }

    [Fact]
    public void Validate_V3MaxAdverIntervalZero_IsMaxAdverIntervalZero()
    {
        byte[] message = Packets.Mutated(Packets.For(Packets.V3, Packets.Multicast4), Packets.Multicast4, m => (m[4], m[5]) = (0, 0));

        Assert.Equal(DropReason.MaxAdverIntervalZero, Validate(message, Packets.Multicast4, Packets.V3));
    }

    [Theory]
    [InlineData(6)]
    [InlineData(9)]
    public void Validate_CorruptedByte_IsChecksumError(int index)
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[index] ^= 0x01;

        Assert.Equal(DropReason.ChecksumError, Validate(message, Packets.Multicast4, Packets.V3));
    }

    [Fact]
    public void Validate_V2CorruptedAuthData_IsAuthFailureBeforeChecksum()
    {
        // §2 order: auth (rules 9-11) is checked before the checksum (rule 15).
        byte[] message = Packets.For(Packets.V2Pass, Packets.Multicast4);
        message[^1] ^= 0x01;

        Assert.Equal(DropReason.AuthFailure, Validate(message, Packets.Multicast4, Packets.V2Pass));
    }

    [Fact]
    public void Validate_V3Ipv6WrongPseudoHeaderSource_IsChecksumError()
    {
        byte[] message = Packets.For(Packets.V3Ipv6, Packets.Multicast6);

        Assert.Equal(DropReason.ChecksumError, Validate(message, Packets.Multicast6 with { Source = NetAddress.Parse("fe80::2") }, Packets.V3Ipv6));
    }

    [Fact]
    public void Validate_TtlAndChecksumBothWrong_ReportsTtlFirst()
    {
        byte[] message = Packets.For(Packets.V3, Packets.Multicast4);
        message[6] ^= 0xFF;

        Assert.Equal(DropReason.TtlError, Validate(message, Packets.Multicast4 with { Ttl = 1 }, Packets.V3));
    }

    [Fact]
    public void Validate_UnicastPacketOnMulticastInstance_IsDestinationMismatch()
    {
        byte[] message = Packets.For(Packets.V3, Packets.Unicast4);

        Assert.Equal(DropReason.DestinationMismatch, Validate(message, Packets.Unicast4, Packets.V3));
    }

    [Fact]
    public void Validate_MulticastPacketOnUnicastInstance_IsDestinationMismatch()
    {
        byte[] message = Packets.For(Packets.V3Unicast, Packets.Multicast4);

        Assert.Equal(DropReason.DestinationMismatch, Validate(message, Packets.Multicast4, Packets.V3Unicast));
    }

    [Fact]
    public void Validate_CountZero_IsAddressCountZero()
    {
        var empty = Packets.V3 with { VirtualAddresses = default };
        byte[] message = Packets.For(empty, Packets.Multicast4);

        Assert.Equal(DropReason.AddressCountZero, Validate(message, Packets.Multicast4, empty));
    }

    [Fact]
    public void Validate_V2DifferentVipsFromNonOwner_IsAddressListMismatch()
    {
        byte[] message = Packets.Mutated(Packets.For(Packets.V2None, Packets.Multicast4), Packets.Multicast4, m => m[11] = 99);

        Assert.Equal(DropReason.AddressListMismatch, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_V2FewerVips_IsAddressListMismatch()
    {
        var oneVip = Packets.V2None with { VirtualAddresses = ReceiveExpectation.AddressBytes(Packets.Vips4[..1]) };
        byte[] message = Packets.For(oneVip, Packets.Multicast4);

        Assert.Equal(DropReason.AddressListMismatch, Validate(message, Packets.Multicast4, Packets.V2None));
    }

    [Fact]
    public void Validate_V2DifferentVipsFromOwner_AcceptsWithNote()
    {
        // RFC 3768 §7.1: drop on mismatch only "if the packet was not generated by the address owner".
        byte[] message = Packets.Mutated(Packets.For(Packets.V2None, Packets.Multicast4, priority: 255), Packets.Multicast4, m => m[11] = 99);

        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, Packets.V2None, out var notes));
        Assert.Equal(ReceiveNotes.AddressListDiffers, notes);
    }

    [Fact]
    public void Validate_V3DifferentVips_AcceptsWithNote()
    {
        // §5 decision: v3 logs and accepts (RFC 5798 §7.1), unlike keepalived 2.2.7 which dropped and split the brain.
        byte[] message = Packets.Mutated(Packets.For(Packets.V3, Packets.Multicast4), Packets.Multicast4, m => m[11] = 99);

        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, Packets.V3, out var notes));
        Assert.Equal(ReceiveNotes.AddressListDiffers, notes);
    }

    [Fact]
    public void Validate_SameVipsInOtherOrder_Accepts()
    {
        var reversed = Packets.V3 with { VirtualAddresses = ReceiveExpectation.AddressBytes([Packets.Vips4[1], Packets.Vips4[0]]) };
        byte[] message = Packets.For(reversed, Packets.Multicast4);

        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, Packets.V3, out var notes));
        Assert.Equal(ReceiveNotes.None, notes);
    }

    [Fact]
    public void Validate_UnicastFromUnknownSource_IsUnicastSourceNotPeer()
    {
        var stranger = Packets.Unicast4 with { Source = NetAddress.Parse("192.0.2.66") };
        byte[] message = Packets.For(Packets.V3Unicast, stranger);

        Assert.Equal(DropReason.UnicastSourceNotPeer, Validate(message, stranger, Packets.V3Unicast));
    }

    [Fact]
    public void Validate_UnicastFromUnknownSourceWithoutSourceCheck_Accepts()
    {
        var stranger = Packets.Unicast4 with { Source = NetAddress.Parse("192.0.2.66") };
        byte[] message = Packets.For(Packets.V3Unicast, stranger);

        Assert.Equal(DropReason.None, Validate(message, stranger, Packets.V3Unicast with { CheckUnicastSource = false }));
    }

    [Fact]
    public void Validate_V3Ipv4MessageOnlyChecksumOnDefaultInstance_IsChecksumError()
    {
        // A Cisco/RFC 9568 peer: keepalived 2.2.7 rejects it as "Invalid VRRPv3 checksum".
        byte[] message = Packets.For(Packets.V3 with { V3ChecksumAsV2 = true }, Packets.Multicast4);

        Assert.Equal(DropReason.ChecksumError, Validate(message, Packets.Multicast4, Packets.V3));
        Assert.Equal(DropReason.None, Validate(message, Packets.Multicast4, Packets.V3 with { V3ChecksumAsV2 = true }));
    }
}
