using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>A connecting checker's source: bindto, bind_port, bind_if, fwmark (check_api.c co_srcip_handler …, check_conn_opts).</summary>
public sealed class CheckSourceBindingTests
{
    private static string Server(string block, string real = "192.0.2.2") =>
        $"virtual_server {(real.Contains(':', StringComparison.Ordinal) ? "2001:db8::1" : "192.0.2.1")} 80 {{\nreal_server {real} 80 {{\n{block}\n}}\n}}\n";

    [Theory]
    [InlineData("TCP_CHECK")]
    [InlineData("HTTP_GET")]
    [InlineData("SSL_GET")]
    [InlineData("SMTP_CHECK")]
    [InlineData("UDP_CHECK")]
    [InlineData("DNS_CHECK")]
    public void Bind_SourceKeywords_OnTheCheckerOfEveryConnectingKind(string kind)
    {
        string url = kind is "HTTP_GET" or "SSL_GET" ? "url {\npath /\n}\n" : string.Empty;
        HealthCheck check = Conf.Model(Server($"{kind} {{\n{url}bindto 192.0.2.5\nbind_port 4000\nbind_if eth1\nfwmark 4294967295\n}}"))
            .VirtualServers[0].RealServers[0].Checks[0];

        Assert.Equal(("192.0.2.5", (ushort?)4000, "eth1", uint.MaxValue), (check.BindTo?.ToString(), check.BindPort, check.BindInterface, check.FirewallMark));
    }

    [Fact]
    public void Bind_NoSourceKeywords_NoneSet()
    {
        HealthCheck check = Conf.Model(Server("TCP_CHECK {\n}")).VirtualServers[0].RealServers[0].Checks[0];

        Assert.Equal((null, null, null, 0u), (check.BindTo, check.BindPort, check.BindInterface, check.FirewallMark));
    }

    [Theory]
    [InlineData("TCP_CHECK {\nbindto 2001:db8::5\n}", "192.0.2.2", 4)] // IPv6 source, IPv4 real server
    [InlineData("TCP_CHECK {\nbindto 192.0.2.5\nconnect_ip 2001:db8::9\n}", "192.0.2.2", 4)] // keepalived reports it at connect_ip (and skips that); Vigil at the bindto
    [InlineData("HTTP_GET {\nconnect_ip 192.0.2.9\nbindto 2001:db8::5\nurl {\npath /\n}\n}", "2001:db8::2", 5)]
    public void Bind_BindtoOfAnotherFamilyThanTheTarget_IsAnErrorAtTheBindtoLine(string block, string real, int line)
    {
        Diagnostic error = Assert.Single(Conf.Bind(Server(block, real)).Errors());

        Assert.Equal(("family-mismatch", line), (error.Code, error.Location.Line));
        Assert.Contains("bindto", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TCP_CHECK {\nbindto fe80::5\n}", "2001:db8::2", "bindto fe80::5 is link-local")]
    [InlineData("TCP_CHECK {\nconnect_ip fe80::9\n}", "2001:db8::2", "link-local address fe80::9")]
    [InlineData("TCP_CHECK {\n}", "fe80::2", "link-local address fe80::2")]
    public void Bind_LinkLocalWithoutBindIf_IsAnError(string block, string real, string says)
    {
        Diagnostic error = Assert.Single(Conf.Bind(Server(block, real)).Errors());

        Assert.Equal("missing-keyword", error.Code);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("bind_if", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_LinkLocalWithBindIf_Binds()
    {
        HealthCheck check = Conf.Model(Server("TCP_CHECK {\nconnect_ip fe80::9\nbindto fe80::5\nbind_if eth0\n}", "2001:db8::2")).VirtualServers[0].RealServers[0].Checks[0];

        Assert.Equal(("fe80::5", "eth0"), (check.BindTo?.ToString(), check.BindInterface));
    }

    [Theory]
    [InlineData("bindto 192.0.2", "invalid-address")]
    [InlineData("bindto fe80::1%eth0", "invalid-address")]
    [InlineData("bind_port 0", "out-of-range")]
    [InlineData("bind_port 65536", "out-of-range")]
    [InlineData("bind_if averyveryverylongname", "invalid-value")]
    [InlineData("fwmark -1", "invalid-number")]
    [InlineData("fwmark 4294967296", "invalid-number")]
    public void Bind_BadSourceValue_IsAnError(string line, string code)
    {
        Assert.Equal(code, Assert.Single(Conf.Bind(Server($"TCP_CHECK {{\n{line}\n}}")).Errors()).Code);
    }

    [Fact]
    public void Bind_BindPortWithoutBindto_WarnsNotAppliedAsKeepalivedBindsOnlyAnAddress()
    {
        var result = Conf.Bind(Server("TCP_CHECK {\nbind_port 4000\n}"));

        Diagnostic warning = Assert.Single(result.Warnings(), d => d.Code == "not-applied");
        Assert.Equal(4, warning.Location.Line);
        Assert.Empty(result.Errors());
    }

    [Theory]
    [InlineData("PING_CHECK", "bindto 192.0.2.5")]
    [InlineData("PING_CHECK", "fwmark 3")]
    [InlineData("UDP_CHECK", "bind_if eth0")]
    public void Bind_SourceKeywordKeepalivedIgnoresInThatChecker_WarnsNotApplied(string kind, string line)
    {
        var result = Conf.Bind(Server($"{kind} {{\n{line}\n}}"));

        Diagnostic warning = Assert.Single(result.Warnings(), d => d.Code == "not-applied");
        Assert.StartsWith($"'{line.Split(' ')[0]}' is read but not applied", warning.Message, StringComparison.Ordinal);
    }
}
