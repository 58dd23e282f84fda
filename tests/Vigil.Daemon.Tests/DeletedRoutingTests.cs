using System.Net;
using System.Net.Sockets;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>Deleted routes and rules matched against configured ones, on what keepalived 2.2.7 compares.</summary>
public sealed class DeletedRoutingTests
{
    private static readonly RouteRequest s_route = new(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 24)
    {
        Table = 100,
        Gateway = IPAddress.Parse("192.0.2.254"),
        OutputInterface = 3,
    };

    private static readonly RuleRequest s_rule = new(AddressFamily.InterNetwork)
    {
        From = IPAddress.Parse("192.0.2.100"),
        FromPrefixLength = 32,
        Table = 100,
        Priority = 16384,
        Protocol = RouteRequest.KeepalivedProtocol,
    };

    [Fact]
    public void Route_SameIdentityAsTheKernelReportsIt_Matches() =>
        Assert.True(DeletedRouting.Matches(s_route, new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 24, Table: 100, OutputInterface: 3)));

    [Theory]
    [InlineData("198.51.101.0", 24, 100u, 3, 0u)]
    [InlineData("198.51.100.0", 25, 100u, 3, 0u)]
    [InlineData("198.51.100.0", 24, 254u, 3, 0u)]
    [InlineData("198.51.100.0", 24, 100u, 4, 0u)]
    [InlineData("198.51.100.0", 24, 100u, 3, 5u)]
    public void Route_OtherDestinationTableDeviceOrMetric_DoesNotMatch(string destination, int prefix, uint table, int device, uint metric) =>
        Assert.False(DeletedRouting.Matches(s_route, new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse(destination), prefix, Table: table, OutputInterface: device, Metric: metric == 0 ? null : metric)));

    [Fact]
    public void Route_IPv6WithoutMetric_MatchesTheKernelDefault1024()
    {
        var configured = new RouteRequest(AddressFamily.InterNetworkV6, IPAddress.Parse("2001:db8:1::"), 64);

        Assert.True(DeletedRouting.Matches(configured, configured with { Metric = 1024 }));
    }

    [Fact]
    public void Route_DefaultRoute_MatchesNoDestination() =>
        Assert.True(DeletedRouting.Matches(new RouteRequest(AddressFamily.InterNetwork, null, 0), new RouteRequest(AddressFamily.InterNetwork, null, 0)));

    [Fact]
    public void Rule_SameSelectorsPriorityAndTable_Matches() =>
        Assert.True(DeletedRouting.Matches(s_rule, s_rule with { }));

    [Fact]
    public void Rule_OtherPriorityOrTable_DoesNotMatch()
    {
        Assert.False(DeletedRouting.Matches(s_rule, s_rule with { Priority = 16383 }));
        Assert.False(DeletedRouting.Matches(s_rule, s_rule with { Table = 101 }));
        Assert.False(DeletedRouting.Matches(s_rule, s_rule with { From = IPAddress.Parse("192.0.2.101") }));
    }

    [Fact]
    public void Rule_FwmarkWithoutMask_MatchesTheKernelsFullMask()
    {
        RuleRequest configured = s_rule with { Fwmark = 5 };

        Assert.True(DeletedRouting.Matches(configured, configured with { FwmarkMask = uint.MaxValue }));
    }
}
