using Vigil.Linux.Announcements;

namespace Vigil.Linux.Tests.Unit;

public sealed class GratuitousArpTests
{
    private static readonly byte[] s_mac = [0x02, 0x00, 0x5E, 0x10, 0x20, 0x30];

    [Fact]
    public void Write_Vip_ProducesKeepalivedStyleBroadcastRequest()
    {
        byte[] frame = new byte[64];

        int length = GratuitousArp.Write(frame, s_mac, [192, 0, 2, 100]);

        byte[] expected =
        [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // destination: broadcast
            0x02, 0x00, 0x5E, 0x10, 0x20, 0x30, // source: interface MAC
            0x08, 0x06,                         // EtherType ARP
            0x00, 0x01, 0x08, 0x00, 6, 4,       // Ethernet / IPv4, address lengths
            0x00, 0x01,                         // request
            0x02, 0x00, 0x5E, 0x10, 0x20, 0x30, 192, 0, 2, 100, // sender: MAC, VIP
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 192, 0, 2, 100, // target: broadcast (as keepalived), VIP
        ];
        Assert.Equal(expected, frame[..length]);
    }

    [Fact]
    public void Write_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GratuitousArp.Write(new byte[41], s_mac, [192, 0, 2, 1]));
    }

    [Fact]
    public void Write_AddressNotFourBytes_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => GratuitousArp.Write(new byte[64], s_mac, new byte[16]));
    }
}
