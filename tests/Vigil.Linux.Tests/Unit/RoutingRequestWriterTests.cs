using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Unit;

/// <summary>Golden bytes of the route, rule and VMAC requests (layouts from rtnetlink.h, fib_rules.h, if_link.h).</summary>
public sealed class RoutingRequestWriterTests
{
    [Fact]
    public void WriteRoute_IPv4ViaDevMetricInTable100_WritesKeepalivedShapedRtmsg()
    {
        byte[] buffer = new byte[RoutingRequestWriter.MaxLength];
        var route = new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 24)
        {
            Table = 100,
            Gateway = IPAddress.Parse("192.0.2.254"),
            OutputInterface = 3,
            Metric = 7,
        };

        int length = RoutingRequestWriter.WriteRoute(buffer, Interop.Netlink.RTM_NEWROUTE, 0x605, 9, route);

        byte[] expected =
        [
            60, 0, 0, 0, 24, 0, 0x05, 0x06, 9, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE, seq 9
            2, 24, 0, 0, 100, 18, 0, 1, 0, 0, 0, 0,                 // rtmsg: AF_INET /24, table 100, proto keepalived, scope universe, unicast
            8, 0, 1, 0, 198, 51, 100, 0,                            // RTA_DST
            8, 0, 5, 0, 192, 0, 2, 254,                             // RTA_GATEWAY
            8, 0, 4, 0, 3, 0, 0, 0,                                 // RTA_OIF
            8, 0, 6, 0, 7, 0, 0, 0,                                 // RTA_PRIORITY (metric)
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void WriteRoute_DeleteDefaultInLargeTable_ScopeNowhereAndRtaTable()
    {
        byte[] buffer = new byte[RoutingRequestWriter.MaxLength];
        var route = new RouteRequest(AddressFamily.InterNetworkV6, null, 0) { Table = 1000, Gateway = IPAddress.Parse("2001:db8::1") };

        int length = RoutingRequestWriter.WriteRoute(buffer, Interop.Netlink.RTM_DELROUTE, 0x5, 1, route);

        Assert.Equal(16 + 12 + 8 + 20, length);
        Assert.Equal([10, 0, 0, 0, 0, 18, 255, 1], buffer[16..24]); // AF_INET6, dst_len 0, RT_TABLE_UNSPEC, scope nowhere
        Assert.Equal([8, 0, 15, 0, 0xe8, 0x03, 0, 0], buffer[28..36]); // RTA_TABLE 1000
    }

    [Fact]
    public void WriteRule_FromPrefixTableFwmarkIif_WritesFibRuleHdrAndAttributes()
    {
        byte[] buffer = new byte[RoutingRequestWriter.MaxLength];
        var rule = new RuleRequest(AddressFamily.InterNetwork)
        {
            From = IPAddress.Parse("192.0.2.100"),
            FromPrefixLength = 32,
            Table = 100,
            Priority = 100,
            Fwmark = 0x10,
            FwmarkMask = 0xff,
            InputInterface = "eth1",
        };

        int length = RoutingRequestWriter.WriteRule(buffer, Interop.Netlink.RTM_NEWRULE, 0x605, 2, rule);

        byte[] expected =
        [
            72, 0, 0, 0, 32, 0, 0x05, 0x06, 2, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: RTM_NEWRULE
            2, 0, 32, 0, 100, 0, 0, 1, 0, 0, 0, 0,                  // fib_rule_hdr: AF_INET, src_len 32, table 100, FR_ACT_TO_TBL
            8, 0, 2, 0, 192, 0, 2, 100,                             // FRA_SRC
            8, 0, 6, 0, 100, 0, 0, 0,                               // FRA_PRIORITY
            8, 0, 10, 0, 0x10, 0, 0, 0,                             // FRA_FWMARK
            8, 0, 16, 0, 0xff, 0, 0, 0,                             // FRA_FWMASK
            9, 0, 3, 0, (byte)'e', (byte)'t', (byte)'h', (byte)'1', 0, 0, 0, 0, // FRA_IIFNAME "eth1\0" + pad
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void WriteRoute_GatewayOfTheOtherFamily_Throws()
    {
        var route = new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 24) { Gateway = IPAddress.Parse("2001:db8::1") };

        Assert.Throws<ArgumentException>(() => RoutingRequestWriter.WriteRoute(new byte[RoutingRequestWriter.MaxLength], Interop.Netlink.RTM_NEWROUTE, 0, 1, route));
    }

    [Fact]
    public void WriteCreateMacvlan_Vrid51_NamesParentMacAndModePrivate()
    {
        byte[] buffer = new byte[LinkRequestWriter.MaxLength];

        int length = LinkRequestWriter.WriteCreateMacvlan(buffer, 0x605, 4, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51]);

        byte[] expected =
        [
            92, 0, 0, 0, 16, 0, 0x05, 0x06, 4, 0, 0, 0, 0, 0, 0, 0,                     // nlmsghdr: RTM_NEWLINK
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,                             // ifinfomsg: new link, down
            12, 0, 3, 0, (byte)'v', (byte)'r', (byte)'r', (byte)'p', (byte)'.', (byte)'5', (byte)'1', 0, // IFLA_IFNAME
            8, 0, 5, 0, 2, 0, 0, 0,                                                     // IFLA_LINK 2
            10, 0, 1, 0, 0, 0, 0x5e, 0, 1, 51, 0, 0,                                    // IFLA_ADDRESS 00:00:5e:00:01:33
            28, 0, 18, 0,                                                               // IFLA_LINKINFO
            12, 0, 1, 0, (byte)'m', (byte)'a', (byte)'c', (byte)'v', (byte)'l', (byte)'a', (byte)'n', 0, // IFLA_INFO_KIND
            12, 0, 2, 0, 8, 0, 1, 0, 1, 0, 0, 0,                                        // IFLA_INFO_DATA { IFLA_MACVLAN_MODE private }
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void WriteCreateMacvlan_BaseInAVrf_EnslavedToTheVrfAsKeepalived()
    {
        byte[] plain = new byte[LinkRequestWriter.MaxLength];
        byte[] buffer = new byte[LinkRequestWriter.MaxLength];
        int plainLength = LinkRequestWriter.WriteCreateMacvlan(plain, 0x605, 4, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51]);

        int length = LinkRequestWriter.WriteCreateMacvlan(buffer, 0x605, 4, "vrrp.51", 2, [0, 0, 0x5e, 0, 1, 51], masterIndex: 9);

        Assert.Equal(plainLength + 8, length);
        Assert.Equal((byte)length, buffer[0]);
        Assert.Equal(plain[4..plainLength], buffer[4..plainLength]);
        Assert.Equal(new byte[] { 8, 0, 10, 0, 9, 0, 0, 0 }, buffer[plainLength..length]); // IFLA_MASTER 9
    }

    [Fact]
    public void WriteSetMaster_IndexAndMaster_NewLinkWithIflaMaster()
    {
        byte[] buffer = new byte[LinkRequestWriter.MaxLength];

        int length = LinkRequestWriter.WriteSetMaster(buffer, 0x5, 6, index: 12, masterIndex: 0);

        byte[] expected =
        [
            40, 0, 0, 0, 16, 0, 0x05, 0, 6, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: RTM_NEWLINK
            0, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,     // ifinfomsg: ifindex 12, flags unchanged
            8, 0, 10, 0, 0, 0, 0, 0,                             // IFLA_MASTER 0: out of the VRF
        ];
        Assert.Equal(expected, buffer[..length]);
    }
}
