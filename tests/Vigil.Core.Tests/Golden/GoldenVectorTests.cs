using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Golden;

/// <summary>
/// Byte-compatibility with keepalived 2.2.7: packets captured from the real daemon (see
/// capture-keepalived.sh) must be what our encoder writes for the same parameters, and must
/// pass our receive checks. Golden vectors come from a different implementation on purpose
/// (reliability-rules.md rule 12: FRR's IPv6 checksum bug hid behind round-trip tests).
/// </summary>
public sealed class GoldenVectorTests
{
    public static TheoryData<string> Vectors => GoldenVector.All();

    [Fact]
    public void Vectors_AllCasesOfTheBrief_AreCaptured()
    {
        string[] names = GoldenVector.Names();

        Assert.Contains("v2-multicast-noauth", names);
        Assert.Contains("v2-unicast-pass", names);
        Assert.Contains("v3-ipv4-multicast-int10cs", names);
        Assert.Contains("v3-ipv4-unicast", names);
        Assert.Contains("v3-ipv6-multicast", names);
        Assert.Contains(names, name => name.EndsWith(".prio0", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Write_SameParametersAsKeepalived_ProducesIdenticalBytes(string name)
    {
        var vector = GoldenVector.Load(name);
        var buffer = new byte[VrrpConstants.MaxMessageLength];

        int written = AdvertisementCodec.Write(
            buffer,
            vector.Header,
            vector.AddressBytes,
            ReceiveExpectation.PadPassword(vector.Password),
            vector.Source,
            vector.Destination);

        Assert.Equal(Convert.ToHexString(vector.Message), Convert.ToHexString(buffer, 0, written));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void TryRead_KeepalivedPacket_DecodesTheConfiguredFields(string name)
    {
        var vector = GoldenVector.Load(name);

        Assert.True(AdvertisementCodec.TryRead(vector.Message, vector.Family, out var advert, out var reason));

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(vector.Version, advert.Version);
        Assert.Equal(vector.VirtualRouterId, advert.VirtualRouterId);
        Assert.Equal(vector.Priority, advert.Priority);
        Assert.Equal(vector.IntervalCentiseconds, advert.AdverIntervalCentiseconds);
        Assert.Equal(vector.AuthType, advert.AuthType);
        Assert.Equal(vector.VirtualAddresses, Enumerable.Range(0, advert.AddressCount).Select(i => advert.AddressAt(vector.Message, i)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Validate_KeepalivedPacketForMatchingInstance_Accepts(string name)
    {
        var vector = GoldenVector.Load(name);

        var reason = AdvertisementValidator.Validate(vector.Message, vector.Envelope, vector.Expectation, out var advert, out var notes);

        Assert.Equal(DropReason.None, reason);
        Assert.Equal(ReceiveNotes.None, notes);
        Assert.Equal(vector.Priority, advert.Priority);
    }

    [Theory]
    [InlineData("v3-ipv4-multicast-int10cs")]
    [InlineData("v3-ipv4-unicast")]
    public void Validate_Keepalived227V3Ipv4PacketWithChecksumAsV2_FailsChecksum(string name)
    {
        // keepalived 2.2.7 includes the IPv4 pseudo-header; a v3_checksum_as_v2 instance rejects it
        // unless told to accept either form.
        var vector = GoldenVector.Load(name);
        var strict = vector.Expectation with { V3ChecksumAsV2 = true };
        var lenient = strict with { AcceptEitherV3Ipv4Checksum = true };

        Assert.Equal(DropReason.ChecksumError, AdvertisementValidator.Validate(vector.Message, vector.Envelope, strict, out _, out _));
        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(vector.Message, vector.Envelope, lenient, out _, out var notes));
        Assert.Equal(ReceiveNotes.AlternateChecksumForm, notes);
    }
}
