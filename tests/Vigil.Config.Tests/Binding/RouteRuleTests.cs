using System.Net;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

public sealed class RouteRuleTests
{
    private static KeepalivedConfig Static(string block, string entries) => Conf.Model($"{block} {{\n{entries}\n}}\n");

    [Fact]
    public void Bind_RouteWithSourceViaDev_Parsed()
    {
        RouteEntry route = Static("static_routes", "src 192.0.2.1 198.51.100.0/24 via 192.0.2.254 dev eth0 table 100 metric 5 no_track").StaticRoutes[0];
        Assert.Equal("198.51.100.0/24", route.Destination);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), route.Source);
        Assert.Equal(IPAddress.Parse("192.0.2.254"), route.Via);
        Assert.Equal("eth0", route.Device);
        Assert.Equal("100", route.Table);
        Assert.Equal(5, route.Metric);
        Assert.True(route.NoTrack);
    }

    [Fact]
    public void Bind_BlackholeAndOrGateway_Parsed()
    {
        KeepalivedConfig config = Static("static_routes", "blackhole 198.51.100.1/32\n198.51.100.0/24 via 192.0.2.252 or 192.0.2.253\n0.0.0.0/0 gw 192.0.2.1 table 100 mtu lock 1400");
        Assert.Equal("blackhole", config.StaticRoutes[0].Type);
        Assert.Equal(IPAddress.Parse("192.0.2.253"), config.StaticRoutes[1].Or);
        Assert.Equal(["mtu", "lock", "1400"], config.StaticRoutes[2].Options);
    }

    [Fact]
    public void Bind_RouteBadDestination_IsError()
    {
        Assert.Contains(Conf.Bind("static_routes {\n198.51.100./24 dev eth0\n}\n").Errors(), d => d.Code is "invalid-address" or "unknown-option");
    }

    [Fact]
    public void Bind_RuleWithoutPreference_WarnsLikeKeepalived()
    {
        var result = Conf.Bind("static_rules {\nfrom 192.0.2.0/24 table 1\n}\n");
        Assert.False(result.HasErrors);
        result.Single("missing-preference");
        Assert.Equal("192.0.2.0/24", result.Config.StaticRules[0].From);
    }

    [Fact]
    public void Bind_RuleInvalidPrefix_IsError()
    {
        Conf.Bind("static_rules {\nto 192.168.100./24 table 1 preference 10\n}\n").Single("invalid-address");
    }

    [Fact]
    public void Bind_StaticAddressTrackGroup_MustExist()
    {
        Conf.Bind("static_ipaddress {\n192.0.2.5/24 dev eth0 track_group TG\n}\n").Single("undefined-reference");
    }

    [Fact]
    public void Bind_StaticRouteAndRuleTrackGroup_ParsedAndMustExist()
    {
        KeepalivedConfig config = Conf.Model("track_group TG {\ngroup {\nVI_1\n}\n}\nstatic_routes {\n198.51.100.0/24 dev eth1 track_group TG\n}\n"
            + "static_rules {\nfrom 192.0.2.0/24 iif eth1 table 1 preference 10 track_group TG\n}\n"
            + "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n192.0.2.10/24\n}\n}\n");
        Assert.Equal("TG", config.StaticRoutes[0].TrackGroup);
        Assert.Equal("TG", config.StaticRules[0].TrackGroup);
        Conf.Bind("static_routes {\n198.51.100.0/24 dev eth1 track_group NOPE\n}\n").Single("undefined-reference");
    }

    [Fact]
    public void Bind_TrackGroupWithoutInterfaceOrOnAVirtualRoute_WarnedOrRefused()
    {
        var result = Conf.Bind("track_group TG {\ngroup {\nVI_1\n}\n}\nstatic_routes {\n198.51.100.0/24 via 192.0.2.254 track_group TG\n}\n"
            + "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n192.0.2.10/24\n}\n}\n");
        result.Single("track-group-no-interface");
        Assert.Null(result.Config.StaticRoutes[0].TrackGroup);
        Conf.Bind("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\nvirtual_ipaddress {\n192.0.2.10/24\n}\n"
            + "virtual_routes {\n198.51.100.0/24 dev eth1 track_group TG\n}\n}\n").Single("misplaced-option");
    }

    [Fact]
    public void Bind_LinkbeatAndUpDownDelays_Parsed()
    {
        KeepalivedConfig config = Conf.Model("linkbeat_interfaces {\neth0\neth1 ETHTOOL\n}\ninterface_up_down_delays {\neth0 2\neth1 1.5 3\n}\n");
        Assert.Equal(LinkbeatMethod.Ethtool, config.LinkbeatInterfaces[1].Method);
        Assert.Equal(TimeSpan.FromSeconds(2), config.InterfaceUpDownDelays[0].Down);
        Assert.Equal(TimeSpan.Zero, config.InterfaceUpDownDelays[0].Up); // omitted: 0, as keepalived 2.2.7's code (not its man page)
        Assert.Equal(TimeSpan.FromSeconds(1.5), config.InterfaceUpDownDelays[1].Down);
        Assert.Equal(TimeSpan.FromSeconds(3), config.InterfaceUpDownDelays[1].Up);
    }
}
