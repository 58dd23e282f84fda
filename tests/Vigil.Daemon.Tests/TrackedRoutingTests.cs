using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>
/// The watched routes and rules (<see cref="TrackedRouting"/>): which ones are watched, and after a monitor overrun
/// which ones the re-read tables show missing, each then handled as if its deletion had been seen.
/// </summary>
public sealed class TrackedRoutingTests
{
    private const int Eth0 = 3;
    private static readonly SourceRef s_at = new SourceLocation("keepalived.conf", 7, 5);

    private static readonly RouteRequest s_staticRoute = new(AddressFamily.InterNetwork, IPAddress.Parse("203.0.113.128"), 25, OutputInterface: Eth0);
    private static readonly RouteRequest s_virtualRoute = new(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 25, OutputInterface: Eth0);
    private static readonly RouteRequest s_ipv6Route = new(AddressFamily.InterNetworkV6, IPAddress.Parse("2001:db8:1::"), 64);
    private static readonly RouteRequest s_untrackedRoute = new(AddressFamily.InterNetwork, IPAddress.Parse("203.0.113.0"), 26, OutputInterface: Eth0);
    private static readonly RuleRequest s_staticRule = Rule("203.0.113.0", 200);
    private static readonly RuleRequest s_virtualRule = Rule("192.0.2.100", 100);

    private static readonly TrackedRouting s_tracked = TrackedRouting.From(
        [
            (new RouteEntry("203.0.113.128/25", s_at) { Device = "eth0" }, s_staticRoute, null),
            (new RouteEntry("2001:db8:1::/64", s_at), s_ipv6Route, null),
            (new RouteEntry("203.0.113.0/26", s_at) { Device = "eth0", NoTrack = true }, s_untrackedRoute, null),
            (new RouteEntry("198.51.100.0/25", s_at) { Device = "eth0" }, s_virtualRoute, "VI_1"),
        ],
        [
            (new RuleEntry(s_at), s_staticRule, null),
            (new RuleEntry(s_at), s_virtualRule, "VI_1"),
            (new RuleEntry(s_at) { NoTrack = true }, Rule("192.0.2.101", 101), "VI_1"),
        ]);

    [Fact]
    public void From_EntriesWithNoTrack_AreNotWatched()
    {
        Assert.Equal([s_staticRoute, s_ipv6Route, s_virtualRoute], s_tracked.Routes.Select(r => r.Route));
        Assert.Equal([s_staticRule, s_virtualRule], s_tracked.Rules.Select(r => r.Rule));
        Assert.Equal("keepalived.conf:7:5", s_tracked.Routes[0].Location);
        Assert.Null(s_tracked.Find(s_untrackedRoute));
    }

    [Fact]
    public void StaticRoutesOn_TheStaticRoutesThroughThatInterfaceOnly() =>
        Assert.Equal([s_staticRoute], s_tracked.StaticRoutesOn(Eth0).Select(r => r.Route));

    [Fact]
    public void Missing_AllThereAsTheKernelReportsThem_NothingMissing()
    {
        (IReadOnlyList<TrackedRoute> routes, IReadOnlyList<TrackedRule> rules) = s_tracked.Missing(
            [Kernel(s_staticRoute), Kernel(s_virtualRoute), Kernel(s_ipv6Route) with { Metric = 1024 }],
            [s_staticRule, s_virtualRule],
            _ => true,
            Devices);

        Assert.Empty(routes);
        Assert.Empty(rules);
    }

    [Fact]
    public void Missing_StaticAndAMastersVirtualEntriesGoneFromTheTables_AreMissing()
    {
        (IReadOnlyList<TrackedRoute> routes, IReadOnlyList<TrackedRule> rules) = s_tracked.Missing(
            [Kernel(s_ipv6Route) with { Metric = 1024 }, Kernel(s_untrackedRoute)], [], owner => owner == "VI_1", Devices);

        Assert.Equal([(s_staticRoute, null), (s_virtualRoute, "VI_1")], routes.Select(r => (r.Route, r.Owner)));
        Assert.Equal([(s_staticRule, null), (s_virtualRule, "VI_1")], rules.Select(r => (r.Rule, r.Owner)));
    }

    [Fact]
    public void Missing_VirtualEntriesOfAnInstanceNotHoldingThem_AreNotMissing()
    {
        (IReadOnlyList<TrackedRoute> routes, IReadOnlyList<TrackedRule> rules) = s_tracked.Missing([Kernel(s_staticRoute), Kernel(s_ipv6Route) with { Metric = 1024 }], [s_staticRule], _ => false, Devices);

        Assert.Empty(routes);
        Assert.Empty(rules);
    }

    [Fact]
    public void Missing_ARouteWhoseDeviceIsGoneOrReindexed_IsNotMissing()
    {
        (IReadOnlyList<TrackedRoute> routes, _) = s_tracked.Missing([], [], _ => true, name => name == "eth0" ? Eth0 + 10 : 0);

        Assert.Equal([s_ipv6Route], routes.Select(r => r.Route));
    }

    private static int Devices(string name) => name == "eth0" ? Eth0 : 0;

    /// <summary>The route as a dump reads it back: identity only.</summary>
    private static RouteRequest Kernel(RouteRequest route) => new(route.Family, route.Destination, route.PrefixLength, Table: route.Table, OutputInterface: route.OutputInterface);

    private static RuleRequest Rule(string from, uint priority) => new(AddressFamily.InterNetwork)
    {
        From = IPAddress.Parse(from),
        FromPrefixLength = 32,
        Table = priority,
        Priority = priority,
        Protocol = RouteRequest.KeepalivedProtocol,
    };
}
