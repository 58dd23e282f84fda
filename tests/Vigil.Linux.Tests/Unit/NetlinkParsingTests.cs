using System.Net;
using System.Runtime.InteropServices;
using CsCheck;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Unit;

public sealed class NetlinkParsingTests
{
    [Fact]
    public void TryReadNext_LengthBelowHeaderSize_StopsWithoutReading()
    {
        ReadOnlySpan<byte> datagram = Header(length: 8, type: 3);

        Assert.False(NetlinkMessage.TryReadNext(ref datagram, out _));
    }

    [Fact]
    public void TryReadNext_LengthBeyondDatagram_StopsWithoutReading()
    {
        ReadOnlySpan<byte> datagram = Header(length: 64, type: 3);

        Assert.False(NetlinkMessage.TryReadNext(ref datagram, out _));
    }

    [Fact]
    public void TryReadNext_TwoMessages_ReadsBothThenStops()
    {
        byte[] bytes = [.. Header(length: 20, type: 16), 1, 2, 3, 4, .. Header(length: 16, type: 3)];
        ReadOnlySpan<byte> datagram = bytes;

        Assert.True(NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage first));
        Assert.Equal(4, first.Body.Length);
        Assert.True(NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage second));
        Assert.Equal(3, second.Header.nlmsg_type);
        Assert.False(NetlinkMessage.TryReadNext(ref datagram, out _));
    }

    [Fact]
    public void TryReadNext_Attribute_LengthBeyondBuffer_Stops()
    {
        ReadOnlySpan<byte> attributes = [200, 0, 3, 0, 1, 2, 3, 4];

        Assert.False(RouteAttribute.TryReadNext(ref attributes, out _, out _));
    }

    [Fact]
    public void Parsers_ArbitraryBytes_NeverThrowAndNeverReadPastTheEnd()
    {
        Gen.Byte.Array[0, 256].Sample(bytes =>
        {
            ReadOnlySpan<byte> datagram = bytes;
            int guard = 0;
            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message) && guard++ < 1000)
            {
                _ = LinkMessageParser.TryParse(message.Body, out _);
                _ = AddressMessageParser.TryParse(message.Body, out _);
            }

            _ = LinkMessageParser.TryParse(bytes, out _);
            _ = AddressMessageParser.TryParse(bytes, out _);
        }, iter: 20_000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void AddressRequestWriter_IPv4Vip_WritesExpectedMessage()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(7, IPAddress.Parse("192.0.2.100"), 24, IPAddress.Parse("192.0.2.255"), AddressScope.Global, "eth0:2");

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 42, vip);

        byte[] expected =
        [
            60, 0, 0, 0, 20, 0, 0x05, 0x06, 42, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: len 60, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE, seq 42
            2, 24, 0, 0, 7, 0, 0, 0,                                 // ifaddrmsg: AF_INET /24, scope global, ifindex 7
            8, 0, 2, 0, 192, 0, 2, 100,                              // IFA_LOCAL
            8, 0, 1, 0, 192, 0, 2, 100,                              // IFA_ADDRESS
            8, 0, 4, 0, 192, 0, 2, 255,                              // IFA_BROADCAST
            11, 0, 3, 0, (byte)'e', (byte)'t', (byte)'h', (byte)'0', (byte)':', (byte)'2', 0, 0, // IFA_LABEL "eth0:2\0" + pad
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void AddressRequestWriter_IPv6NoDad_CarriesFlagInHeaderAndIfaFlags()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(3, IPAddress.Parse("2001:db8::100"), 64, NoDad: true);

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 1, vip);

        Assert.True(AddressMessageParser.TryParse(buffer.AsSpan(16, length - 16), out InterfaceAddress? parsed));
        Assert.Equal(vip, parsed);
        Assert.Equal(0x02, buffer[18]); // ifa_flags IFA_F_NODAD
    }

    [Fact]
    public void AddressRequestWriter_PrefixTooLong_Throws()
    {
        var vip = new InterfaceAddress(3, IPAddress.Parse("192.0.2.1"), 33);

        Assert.Throws<ArgumentOutOfRangeException>(() => AddressRequestWriter.Write(new byte[AddressRequestWriter.MaxLength], Interop.Netlink.RTM_NEWADDR, 0, 1, vip));
    }

    [Fact]
    public void LinkMessageParser_UpAndRunningWithName_ReportsUp()
    {
        byte[] body = new byte[16 + 12 + 12];
        var info = new Interop.ifinfomsg { ifi_index = 5, ifi_flags = Interop.Netlink.IFF_UP | Interop.Netlink.IFF_RUNNING };
        MemoryMarshal.Write(body, in info);
        int offset = RouteAttribute.Write(body, 16, Interop.Netlink.IFLA_IFNAME, "eth0\0"u8);
        RouteAttribute.Write(body, offset, Interop.Netlink.IFLA_ADDRESS, [2, 0, 0, 0, 0, 1]);

        Assert.True(LinkMessageParser.TryParse(body, out LinkInfo? link));
        Assert.Equal(new LinkInfo(5, "eth0", true, [2, 0, 0, 0, 0, 1], Interop.Netlink.IFF_UP | Interop.Netlink.IFF_RUNNING) with { HardwareAddress = link!.HardwareAddress }, link);
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 1 }, link.HardwareAddress);
        Assert.False(link.IsNoArp);
    }

    [Fact]
    public void LinkMessageParser_SlaveOfAVrfAndTheVrf_MasterIndexAndKindAsKeepalivedReadsThem()
    {
        byte[] slave = new byte[16 + 8];
        MemoryMarshal.Write(slave, new Interop.ifinfomsg { ifi_index = 5 });
        RouteAttribute.WriteUInt32(slave, 16, Interop.Netlink.IFLA_MASTER, 7);
        byte[] vrf = new byte[16 + 4 + 8 + 16];
        MemoryMarshal.Write(vrf, new Interop.ifinfomsg { ifi_index = 7 });
        int offset = 16 + 4; // IFLA_LINKINFO { IFLA_INFO_KIND "vrf", IFLA_INFO_DATA { IFLA_VRF_TABLE 10 } }, flagged nested as the kernel sends it
        offset = RouteAttribute.Write(vrf, offset, Interop.Netlink.IFLA_INFO_KIND, "vrf\0"u8);
        offset = RouteAttribute.Write(vrf, offset, (ushort)(Interop.Netlink.IFLA_INFO_DATA | 0x8000), [8, 0, 1, 0, 10, 0, 0, 0]);
        MemoryMarshal.Write(vrf.AsSpan(16), new Interop.rtattr { rta_len = (ushort)(offset - 16), rta_type = (ushort)(Interop.Netlink.IFLA_LINKINFO | 0x8000) });

        Assert.True(LinkMessageParser.TryParse(slave, out LinkInfo? port));
        Assert.True(LinkMessageParser.TryParse(vrf.AsSpan(0, offset), out LinkInfo? device));

        Assert.Equal((7, LinkKind.Other, false), (port!.MasterIndex, port.Kind, port.IsVrf));
        Assert.Equal((0, LinkKind.Vrf, true), (device!.MasterIndex, device.Kind, device.IsVrf));
    }

    [Fact]
    public void LinkMessageParser_ReadKind_ComparesBytesWithoutAllocating()
    {
        byte[] vrf = new byte[8];
        RouteAttribute.Write(vrf, 0, Interop.Netlink.IFLA_INFO_KIND, "vrf\0"u8);
        byte[] macvlan = new byte[12];
        RouteAttribute.Write(macvlan, 0, Interop.Netlink.IFLA_INFO_KIND, "macvlan\0"u8);
        byte[] vrfPrefix = new byte[12];
        RouteAttribute.Write(vrfPrefix, 0, Interop.Netlink.IFLA_INFO_KIND, "vrfx\0"u8);
        LinkKind kind = LinkMessageParser.ReadKind(vrf);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            kind = LinkMessageParser.ReadKind(vrf);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(LinkKind.Vrf, kind);
        Assert.Equal(LinkKind.Other, LinkMessageParser.ReadKind(macvlan));
        Assert.Equal(LinkKind.Other, LinkMessageParser.ReadKind(vrfPrefix));
        Assert.Equal(LinkKind.Other, LinkMessageParser.ReadKind([]));
    }

    [Fact]
    public void LinkMessageParser_NoArpFlag_IsKept()
    {
        byte[] body = new byte[16];
        var info = new Interop.ifinfomsg { ifi_index = 5, ifi_flags = Interop.Netlink.IFF_UP | Interop.Netlink.IFF_NOARP };
        MemoryMarshal.Write(body, in info);

        Assert.True(LinkMessageParser.TryParse(body, out LinkInfo? link));
        Assert.True(link!.IsNoArp);
        Assert.Equal(Interop.Netlink.IFF_UP | Interop.Netlink.IFF_NOARP, link.Flags);
    }

    [Fact]
    public void LinkMessageParser_UpWithoutCarrier_ReportsDown()
    {
        byte[] body = new byte[16];
        var info = new Interop.ifinfomsg { ifi_index = 5, ifi_flags = Interop.Netlink.IFF_UP };
        MemoryMarshal.Write(body, in info);

        Assert.True(LinkMessageParser.TryParse(body, out LinkInfo? link));
        Assert.False(link!.IsUp);
    }

    private static byte[] Header(uint length, ushort type)
    {
        byte[] bytes = new byte[16];
        var header = new Interop.nlmsghdr { nlmsg_len = length, nlmsg_type = type };
        MemoryMarshal.Write(bytes, in header);
        return bytes;
    }
}
