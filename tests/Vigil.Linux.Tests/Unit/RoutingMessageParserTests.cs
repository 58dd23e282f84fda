using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Unit;

/// <summary>RTM_DELROUTE / RTM_DELRULE bodies read back; the requests Vigil writes serve as the kernel's messages (same layout).</summary>
public sealed class RoutingMessageParserTests
{
    [Fact]
    public void TryParseRoute_KeepalivedRoute_ReadsItsIdentity()
    {
        var written = new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 24)
        {
            Table = 1000,
            Gateway = IPAddress.Parse("192.0.2.254"),
            OutputInterface = 3,
            Metric = 7,
        };

        Assert.True(RoutingMessageParser.TryParseRoute(Body(b => RoutingRequestWriter.WriteRoute(b, Interop.Netlink.RTM_NEWROUTE, 0, 1, written)), out RouteRequest? route));

        Assert.Equal(AddressFamily.InterNetwork, route!.Family);
        Assert.Equal(IPAddress.Parse("198.51.100.0"), route.Destination);
        Assert.Equal(24, route.PrefixLength);
        Assert.Equal(1000u, route.Table);
        Assert.Equal(3, route.OutputInterface);
        Assert.Equal(7u, route.Metric);
    }

    [Fact]
    public void TryParseRoute_OtherProtocol_Ignored()
    {
        byte[] body = Body(b => RoutingRequestWriter.WriteRoute(b, Interop.Netlink.RTM_NEWROUTE, 0, 1, new RouteRequest(AddressFamily.InterNetwork, null, 0)));
        body[5] = 4; // RTPROT_STATIC: `ip route add` without proto

        Assert.False(RoutingMessageParser.TryParseRoute(body, out _));
    }

    [Fact]
    public void TryParseRule_KeepalivedRule_ReadsItsSelectors()
    {
        var written = new RuleRequest(AddressFamily.InterNetworkV6)
        {
            From = IPAddress.Parse("2001:db8::"),
            FromPrefixLength = 64,
            Table = 300,
            Priority = 16384,
            Fwmark = 5,
            InputInterface = "veth0",
            Protocol = RouteRequest.KeepalivedProtocol,
        };

        Assert.True(RoutingMessageParser.TryParseRule(Body(b => RoutingRequestWriter.WriteRule(b, Interop.Netlink.RTM_NEWRULE, 0, 1, written)), out RuleRequest? rule));

        Assert.Equal(written, rule);
    }

    [Fact]
    public void TryParseRule_OtherProtocol_IgnoredButNoneAccepted()
    {
        var untracked = new RuleRequest(AddressFamily.InterNetwork) { Priority = 100, Protocol = 4 };
        Assert.False(RoutingMessageParser.TryParseRule(Body(b => RoutingRequestWriter.WriteRule(b, Interop.Netlink.RTM_NEWRULE, 0, 1, untracked)), out _));

        // Kernels before 4.17 send no FRA_PROTOCOL: keepalived then watches the rule anyway.
        var old = untracked with { Protocol = null };
        Assert.True(RoutingMessageParser.TryParseRule(Body(b => RoutingRequestWriter.WriteRule(b, Interop.Netlink.RTM_NEWRULE, 0, 1, old)), out _));
    }

    [Fact]
    public void TryParse_ShortBody_False()
    {
        Assert.False(RoutingMessageParser.TryParseRoute(new byte[11], out _));
        Assert.False(RoutingMessageParser.TryParseRule(new byte[11], out _));
    }

    private static byte[] Body(Func<byte[], int> write)
    {
        byte[] buffer = new byte[RoutingRequestWriter.MaxLength];
        int length = write(buffer);
        return buffer[NetlinkMessage.HeaderSize..length];
    }
}
