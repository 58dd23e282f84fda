using System.Net;
using CsCheck;
using Vigil.Linux.Announcements;

namespace Vigil.Linux.Tests.Unit;

public sealed class UnsolicitedNeighborAdvertisementTests
{
    private static readonly byte[] s_mac = [0x02, 0x00, 0x5E, 0x10, 0x20, 0x30];

    [Fact]
    public void Write_Vip_ProducesOverrideNaToAllNodesWithTargetLinkLayerOption()
    {
        byte[] vip = IPAddress.Parse("2001:db8::100").GetAddressBytes();
        byte[] frame = new byte[128];

        int length = UnsolicitedNeighborAdvertisement.Write(frame, s_mac, vip, isRouter: false);

        Assert.Equal(86, length);
        Assert.Equal(new byte[] { 0x33, 0x33, 0, 0, 0, 1 }, frame[0..6]);
        Assert.Equal(s_mac, frame[6..12]);
        Assert.Equal(new byte[] { 0x86, 0xDD }, frame[12..14]);
        Assert.Equal(new byte[] { 0x60, 0, 0, 0, 0, 32, 58, 255 }, frame[14..22]); // version, payload length 32, ICMPv6, hop limit 255
        Assert.Equal(vip, frame[22..38]);
        Assert.Equal(IPAddress.Parse("ff02::1").GetAddressBytes(), frame[38..54]);
        Assert.Equal(new byte[] { 136, 0 }, frame[54..56]);
        Assert.Equal(new byte[] { 0x20, 0, 0, 0 }, frame[58..62]); // Override, not Router, not Solicited
        Assert.Equal(vip, frame[62..78]);
        Assert.Equal(new byte[] { 2, 1 }, frame[78..80]);
        Assert.Equal(s_mac, frame[80..86]);
        // The RFC 1071 sum over pseudo-header and message, checksum included, verifies as zero.
        Assert.Equal(0, Icmpv6Checksum.Compute(frame.AsSpan(22, 16), frame.AsSpan(38, 16), frame.AsSpan(54, 32)));
    }

    [Fact]
    public void Write_Router_SetsRouterAndOverrideFlags()
    {
        byte[] frame = new byte[128];

        UnsolicitedNeighborAdvertisement.Write(frame, s_mac, IPAddress.Parse("2001:db8::1").GetAddressBytes(), isRouter: true);

        Assert.Equal(0xA0, frame[58]);
    }

    [Fact]
    public void Write_AnyVipAndMac_ChecksumAlwaysVerifies()
    {
        Gen.Select(Gen.Byte.Array[16], Gen.Byte.Array[6], Gen.Bool).Sample((vip, mac, router) =>
        {
            byte[] frame = new byte[UnsolicitedNeighborAdvertisement.FrameLength];
            UnsolicitedNeighborAdvertisement.Write(frame, mac, vip, router);
            return Icmpv6Checksum.Compute(frame.AsSpan(22, 16), frame.AsSpan(38, 16), frame.AsSpan(54, 32)) == 0;
        }, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Compute_OddLengthMessage_PadsWithZeroByte()
    {
        // Worked by hand: length 3 + next header 58 + words 0x0102, 0x0300 (odd byte padded, RFC 1071 §4.1)
        // = 0x043F, complemented 0xFBC0.
        Assert.Equal(0xFBC0, Icmpv6Checksum.Compute(new byte[16], new byte[16], [0x01, 0x02, 0x03]));
    }
}
