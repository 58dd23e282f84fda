using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

public sealed class RoutingEntriesTests
{
    private static readonly SourceRef s_line = new SourceLocation("k.conf", 7, 5);

    [Fact]
    public void Rules_WithoutPreference_NumberedLikeKeepalivedPerFamilyStaticFirst()
    {
        var config = new KeepalivedConfig
        {
            StaticRules = new ValueArray<RuleEntry>([new RuleEntry(s_line) { To = "203.0.113.0/24", Table = "200" }]),
            Instances = new ValueArray<VrrpInstance>(
            [
                new VrrpInstance("VI_1", s_line)
                {
                    VirtualRules = new ValueArray<RuleEntry>(
                    [
                        new RuleEntry(s_line) { From = "192.0.2.100", Table = "main" },
                        new RuleEntry(s_line) { From = "2001:db8::1/128", Table = "100" },
                        new RuleEntry(s_line) { From = "all", Fwmark = "0x10/0xff", Preference = 5 },
                    ]),
                },
            ]),
        };

        (IReadOnlyList<RuleRequest> statics, IReadOnlyDictionary<string, IReadOnlyList<RuleRequest>> byInstance) = RoutingEntries.Rules(config);

        Assert.Equal(16384u, Assert.Single(statics).Priority);
        IReadOnlyList<RuleRequest> rules = byInstance["VI_1"];
        Assert.Equal([16383u, 16384u, 5u], rules.Select(r => r.Priority!.Value));
        Assert.Equal(new RuleRequest(AddressFamily.InterNetwork) { From = IPAddress.Parse("192.0.2.100"), FromPrefixLength = 32, Priority = 16383, Protocol = 18 }, rules[0]); // tracked: RTPROT_KEEPALIVED
        Assert.Equal(AddressFamily.InterNetworkV6, rules[1].Family);
        Assert.Equal((0x10u, 0xffu, (IPAddress?)null), (rules[2].Fwmark!.Value, rules[2].FwmarkMask!.Value, rules[2].From));
    }

    [Fact]
    public void Route_TypeScopeTableNamesAndDefault_MapToRtmsgValues()
    {
        RouteRequest route = RoutingEntries.Route(
            new RouteEntry("default", s_line) { Type = "blackhole", Table = "local", Scope = "link", Metric = 9, Source = IPAddress.Parse("192.0.2.1") },
            _ => 0);

        Assert.Equal(new RouteRequest(AddressFamily.InterNetwork, null, 0) { Type = 6, Table = 255, Scope = AddressScope.Link, Metric = 9, PreferredSource = IPAddress.Parse("192.0.2.1") }, route);
    }

    [Fact]
    public void Route_UnknownDeviceOrTable_RefusesWithTheConfigLine()
    {
        DaemonSetupException device = Assert.Throws<DaemonSetupException>(() => RoutingEntries.Route(new RouteEntry("198.51.100.0/24", s_line) { Device = "nosuch0" }, _ => 0));
        DaemonSetupException table = Assert.Throws<DaemonSetupException>(() => RoutingEntries.Route(new RouteEntry("198.51.100.0/24", s_line) { Table = "no-such-table" }, _ => 1));

        Assert.StartsWith("k.conf:7:5", device.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-table", table.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unapplied_RouteOptionsAndOr_AreNamed()
    {
        var route = new RouteEntry("198.51.100.0/24", s_line) { Or = IPAddress.Parse("192.0.2.9"), Options = new ValueArray<string>(["mtu", "1400"]) };

        Assert.Equal("mtu 1400 or 192.0.2.9", RoutingEntries.Unapplied(route));
        Assert.Null(RoutingEntries.Unapplied(new RouteEntry("198.51.100.0/24", s_line)));
    }
}
