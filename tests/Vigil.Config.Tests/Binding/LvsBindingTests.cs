using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>virtual_server / real_server / TCP_CHECK binding (keepalived.conf(5) "Virtual server(s)").</summary>
public sealed class LvsBindingTests
{
    private const string Nat = """
        virtual_server 203.0.113.10 80 {
            delay_loop 2
            lb_algo rr
            lb_kind NAT
            protocol TCP
            persistence_timeout 50
            quorum 2
            hysteresis 1
            alpha
            inhibit_on_failure
            connect_timeout 4
            sorry_server 192.0.2.99 8080
            real_server 192.0.2.11 80 {
                weight 3
                TCP_CHECK {
                    connect_port 8081
                    connect_timeout 1.5
                    retry 2
                    delay_before_retry 0.5
                }
            }
            real_server 192.0.2.12 80 {
                inhibit_on_failure off
                lvs_method DR
                TCP_CHECK {
                }
            }
        }
        """;

    [Fact]
    public void Bind_NatServer_EveryImplementedKeywordApplied()
    {
        VirtualServer server = Assert.Single(Conf.Model(Nat).VirtualServers);

        Assert.Equal(IPAddress.Parse("203.0.113.10"), server.Address);
        Assert.Equal(80, server.Port);
        Assert.Equal("rr", server.Scheduler);
        Assert.Equal(LvsMethod.Nat, server.Method);
        Assert.Equal(LvsProtocol.Tcp, server.Protocol);
        Assert.Equal(50, server.PersistenceTimeout);
        Assert.Equal((2, 1), (server.Quorum, server.Hysteresis));
        Assert.True(server.Alpha);
        Assert.True(server.InhibitOnFailure);
        Assert.Equal(new RealServer(IPAddress.Parse("192.0.2.99"), 8080, default) { Method = LvsMethod.Nat }, server.SorryServer);
        Assert.Equal(2, server.RealServers.Count);
    }

    [Fact]
    public void Bind_CheckTimings_InheritFromRealServerThenVirtualServerThenDefaults()
    {
        VirtualServer server = Conf.Model(Nat).VirtualServers[0];

        TcpCheck own = Assert.IsType<TcpCheck>(Assert.Single(server.RealServers[0].Checks));
        Assert.Equal(new CheckTiming(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.5), 2, TimeSpan.FromSeconds(0.5)), own.Timing);
        Assert.Equal((ushort)8081, own.ConnectPort);
        TcpCheck inherited = Assert.IsType<TcpCheck>(Assert.Single(server.RealServers[1].Checks));
        Assert.Equal(new CheckTiming(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), 1, TimeSpan.FromSeconds(1)), inherited.Timing);
    }

    [Fact]
    public void Bind_SameTimingsInOneVirtualServer_OneSharedInstance()
    {
        // 1,000 real servers with the same TCP_CHECK keep one CheckTiming, not one each
        VirtualServer server = Conf.Model("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\nTCP_CHECK {\n}\n}\nreal_server 192.0.2.3 80 {\nTCP_CHECK {\n}\nTCP_CHECK {\nretry 5\n}\n}\n}\n").VirtualServers[0];

        Assert.Same(server.RealServers[0].Checks[0].Timing, server.RealServers[1].Checks[0].Timing);
        Assert.Equal(5, server.RealServers[1].Checks[1].Timing.Retry);
    }

    [Fact]
    public void Bind_Warmup_InheritsFromRealServerThenVirtualServerElseUnset()
    {
        VirtualServer server = Conf.Model("virtual_server 192.0.2.1 80 {\nwarmup 7\nreal_server 192.0.2.2 80 {\nwarmup 3\nTCP_CHECK {\n}\nTCP_CHECK {\nwarmup 0\n}\n}\nreal_server 192.0.2.3 80 {\nTCP_CHECK {\n}\n}\n}\n").VirtualServers[0];

        Assert.Equal(TimeSpan.FromSeconds(3), server.RealServers[0].Checks[0].Timing.Warmup);
        Assert.Equal(TimeSpan.Zero, server.RealServers[0].Checks[1].Timing.Warmup);
        Assert.Equal(TimeSpan.FromSeconds(7), server.RealServers[1].Checks[0].Timing.Warmup);
        Assert.Null(Conf.Model("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\nTCP_CHECK {\n}\n}\n}\n").VirtualServers[0].RealServers[0].Checks[0].Timing.Warmup);
    }

    [Fact]
    public void Bind_RealServerSettings_OverrideTheVirtualServers()
    {
        VirtualServer server = Conf.Model(Nat).VirtualServers[0];

        Assert.Equal((3, LvsMethod.Nat, true), (server.RealServers[0].Weight, server.RealServers[0].Method, server.RealServers[0].InhibitOnFailure));
        Assert.Equal((1, LvsMethod.DirectRoute, false), (server.RealServers[1].Weight, server.RealServers[1].Method, server.RealServers[1].InhibitOnFailure));
    }

    [Fact]
    public void Bind_Defaults_AreKeepalivedsWlcNatTcpSixtySeconds()
    {
        VirtualServer server = Conf.Model("virtual_server 192.0.2.1 443 {\nreal_server 192.0.2.2 443 {\nTCP_CHECK {\n}\n}\n}\n").VirtualServers[0];

        Assert.Equal(("wlc", LvsMethod.Nat, LvsProtocol.Tcp, 0, 1), (server.Scheduler, server.Method, server.Protocol, server.PersistenceTimeout, server.Quorum));
        Assert.Equal(CheckTiming.Defaults, server.RealServers[0].Checks[0].Timing);
        Assert.Equal(new CheckTiming(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 1, TimeSpan.FromSeconds(1)), CheckTiming.Defaults);
    }

    [Fact]
    public void Bind_ProtocolSctp_IsApplied() =>
        Assert.Equal(LvsProtocol.Sctp, Conf.Model("virtual_server 192.0.2.1 3868 {\nprotocol SCTP\nreal_server 192.0.2.2 3868 {\nTCP_CHECK {\n}\n}\n}\n").VirtualServers[0].Protocol);

    [Fact]
    public void Bind_FwmarkServer_HasMarkAndNoAddress()
    {
        VirtualServer server = Conf.Model("virtual_server fwmark 7 {\nlb_algo sh\nreal_server 192.0.2.2 0 {\nTCP_CHECK {\nconnect_port 80\n}\n}\n}\n").VirtualServers[0];

        Assert.Equal(7u, server.FirewallMark);
        Assert.Equal("sh", server.Scheduler);
    }

    [Theory]
    [InlineData("BFD_CHECK {\n}", 3)]
    public void Bind_UnimplementedCheckerOrScript_IsAnErrorNamingIt(string line, int lineNumber)
    {
        var result = Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\n{line}\n}}\n}}\n");

        Diagnostic error = Assert.Single(result.Errors());
        Assert.Equal("lvs-unsupported", error.Code);
        Assert.Equal(lineNumber, error.Location.Line);
        Assert.Contains(line.Split(' ')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_CosmeticKeyword_WarnsAndNamesIt()
    {
        var result = Conf.Bind("virtual_server 192.0.2.1 80 {\nsmtp_alert\nreal_server 192.0.2.2 80 {\nTCP_CHECK {\n}\n}\n}\n");

        Assert.False(result.HasErrors);
        Assert.Contains("smtp_alert", result.Single("unsupported-keyword").Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lb_algo roundrobin", "invalid-value")]
    [InlineData("lb_kind NATT", "invalid-value")]
    [InlineData("protocol ICMP", "invalid-value")]
    [InlineData("delay_loop soon", "invalid-number")]
    public void Bind_BadValues_ErrorWithLineAndColumn(string line, string code)
    {
        Diagnostic error = Assert.Single(Conf.Bind($"virtual_server 192.0.2.1 80 {{\n{line}\nreal_server 192.0.2.2 80 {{\nTCP_CHECK {{\n}}\n}}\n}}\n").Errors());

        Assert.Equal(code, error.Code);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal(line.IndexOf(' ', StringComparison.Ordinal) + 2, error.Location.Column);
    }

    [Fact]
    public void Bind_DuplicateRealServerOrVirtualServer_Errors()
    {
        var result = Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\n}\nreal_server 192.0.2.2 80 {\n}\n}\nvirtual_server 192.0.2.1 80 {\n}\n");

        Assert.Contains(result.Errors(), d => d.Code == "duplicate-real-server" && d.Location.Line == 4);
        Assert.Contains(result.Errors(), d => d.Code == "duplicate-virtual-server" && d.Location.Line == 7);
    }

    [Fact]
    public void Bind_RealServerWithoutCheck_Warns()
    {
        Assert.Equal(2, Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\n}\n}\n").Single("no-health-check").Location.Line);
    }

    [Fact]
    public void Bind_FwmarkRealServerWithoutPort_NeedsConnectPort()
    {
        Assert.Equal(3, Conf.Bind("virtual_server fwmark 1 {\nreal_server 192.0.2.2 0 {\nTCP_CHECK {\n}\n}\n}\n").Single("missing-keyword").Location.Line);
    }
}
