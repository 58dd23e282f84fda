using Vigil.Core.Protocol;
using Vigil.Core.Tests.Golden;

namespace Vigil.Core.Tests.Protocol;

public sealed class Ipv4DatagramTests
{
    private static byte[] Datagram() =>
        PcapWriter.IpPacket(Packets.Peer4, VrrpConstants.Ipv4Group, Packets.For(Packets.V3, Packets.Multicast4));

    [Fact]
    public void TryParse_VrrpDatagram_GivesEnvelopeAndPayload()
    {
        byte[] datagram = Datagram();

        Assert.True(Ipv4Datagram.TryParse(datagram, out var envelope, out int offset, out int length, out _));

        Assert.Equal(new PacketEnvelope(Packets.Peer4, VrrpConstants.Ipv4Group, 255), envelope);
        Assert.Equal(20, offset);
        Assert.Equal(DropReason.None, AdvertisementValidator.Validate(datagram.AsSpan(offset, length), envelope, Packets.V3, out _, out _));
    }

    [Fact]
    public void TryParse_TotalLengthBeyondReceived_IsPacketLength()
    {
        // keepalived 2.2.7 used tot_len to locate the password before checking it (aa7d5be6).
        byte[] datagram = Datagram();
        datagram[2] = 0xFF;
        datagram[3] = 0xFF;

        Assert.False(Ipv4Datagram.TryParse(datagram, out _, out _, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Theory]
    [InlineData(0x44)]
    [InlineData(0x4F)]
    public void TryParse_HeaderLengthOutOfRange_IsPacketLength(byte versionIhl)
    {
        byte[] datagram = Datagram();
        datagram[0] = versionIhl;

        Assert.False(Ipv4Datagram.TryParse(datagram, out _, out _, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }

    [Fact]
    public void TryParse_OtherProtocol_IsNotVrrp()
    {
        byte[] datagram = Datagram();
        datagram[9] = 17;

        Assert.False(Ipv4Datagram.TryParse(datagram, out _, out _, out _, out var reason));
        Assert.Equal(DropReason.NotVrrp, reason);
    }

    [Fact]
    public void TryParse_AuthenticationHeader_IsSkippedAndFlagged()
    {
        byte[] vrrp = Packets.For(Packets.V2None, Packets.Multicast4);
        byte[] ah = new byte[24];
        ah[0] = VrrpConstants.IpProtocol;
        ah[1] = 4;
        byte[] datagram = PcapWriter.IpPacket(Packets.Peer4, VrrpConstants.Ipv4Group, [.. ah, .. vrrp]);
        datagram[9] = 51;

        Assert.True(Ipv4Datagram.TryParse(datagram, out var envelope, out int offset, out int length, out _));

        Assert.True(envelope.HasAuthenticationHeader);
        Assert.Equal(44, offset);
        Assert.Equal(vrrp.Length, length);
        Assert.Equal(DropReason.AuthTypeMismatch, AdvertisementValidator.Validate(datagram.AsSpan(offset, length), envelope, Packets.V2None, out _, out _));
    }

    [Fact]
    public void TryParse_AuthenticationHeaderLongerThanDatagram_IsPacketLength()
    {
        byte[] ah = new byte[12];
        ah[0] = VrrpConstants.IpProtocol;
        ah[1] = 200;
        byte[] datagram = PcapWriter.IpPacket(Packets.Peer4, VrrpConstants.Ipv4Group, ah);
        datagram[9] = 51;

        Assert.False(Ipv4Datagram.TryParse(datagram, out _, out _, out _, out var reason));
        Assert.Equal(DropReason.PacketLength, reason);
    }
}
