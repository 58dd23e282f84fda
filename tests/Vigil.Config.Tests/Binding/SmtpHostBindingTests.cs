using System.Net;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>SMTP_CHECK host { } sub-blocks, as keepalived 2.2.7's check_smtp.c (WITH_HOST_ENTRIES) reads them.</summary>
public sealed class SmtpHostBindingTests
{
    private static string Server(string block, string real = "") =>
        $"virtual_server 192.0.2.1 25 {{\nconnect_timeout 7\nreal_server 192.0.2.2 25 {{\n{real}\n{block}\n}}\n}}\n";

    private static SmtpCheck[] Checks(string block, string real = "") =>
        [.. Conf.Model(Server(block, real)).VirtualServers[0].RealServers[0].Checks.Select(c => Assert.IsType<SmtpCheck>(c))];

    [Fact]
    public void Bind_HostBlocks_EachAHostCheckerWithTheSmtpChecksTimingsAndHelo()
    {
        // No connection keyword at the SMTP_CHECK's level: the hosts are the checkers (the first replaces the block's own).
        SmtpCheck[] checks = Checks("""
            SMTP_CHECK {
            host {
            connect_ip 192.0.2.3
            connect_port 2525
            bindto 192.0.2.9
            bind_port 4000
            bind_if eth1
            fwmark 7
            connect_timeout 2
            retry 4
            }
            host {
            connect_port 587
            delay_before_retry 3
            delay_loop 9
            warmup 1
            }
            helo_name lb.example
            }
            """);

        Assert.Equal(2, checks.Length);
        SmtpCheck first = checks[0], second = checks[1];
        Assert.Equal((IPAddress.Parse("192.0.2.3"), (ushort?)2525, IPAddress.Parse("192.0.2.9"), (ushort?)4000, "eth1", 7u),
            (first.ConnectIp, first.ConnectPort, first.BindTo, first.BindPort, first.BindInterface, first.FirewallMark));
        Assert.Equal((null, (ushort?)587, null, null, 0u), (second.ConnectIp, second.ConnectPort, second.BindTo, second.BindInterface, second.FirewallMark));
        Assert.All(checks, c => Assert.Equal("lb.example", c.HeloName));

        // retry, delay_before_retry, delay_loop, warmup in any host set the whole SMTP_CHECK's (keepalived's checker fields).
        Assert.All(checks, c => Assert.Equal((4, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9), (TimeSpan?)TimeSpan.FromSeconds(1)),
            (c.Timing.Retry, c.Timing.DelayBeforeRetry, c.Timing.DelayLoop, c.Timing.Warmup)));

        // connect_timeout is the host's own, else the virtual server's.
        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(7)), (first.Timing.ConnectTimeout, second.Timing.ConnectTimeout));
        Assert.Equal((6, 16), (first.Location.Location.Line, second.Location.Location.Line));
    }

    [Fact]
    public void Bind_ConnectionKeywordAtSmtpCheckLevel_KeepsTheBlocksOwnCheckerBesideTheHosts()
    {
        // keepalived keeps the block's own checker when a connection keyword is written outside the hosts; the hosts
        // do not inherit it (nor its connect_timeout: the real server's applies).
        SmtpCheck[] checks = Checks("SMTP_CHECK {\nconnect_timeout 3\nbindto 192.0.2.8\nhost {\nconnect_ip 192.0.2.3\n}\n}", "connect_timeout 6");

        Assert.Equal(2, checks.Length);
        Assert.Equal((null, IPAddress.Parse("192.0.2.8"), TimeSpan.FromSeconds(3)), (checks[0].ConnectIp, checks[0].BindTo, checks[0].Timing.ConnectTimeout));
        Assert.Equal((IPAddress.Parse("192.0.2.3"), null, TimeSpan.FromSeconds(6)), (checks[1].ConnectIp, checks[1].BindTo, checks[1].Timing.ConnectTimeout));
    }

    [Fact]
    public void Bind_HostBlocks_DeprecatedOnceAndAZeroTimeoutInKeepalivedWarnedWhereWritten()
    {
        var result = Conf.Bind(Server("SMTP_CHECK {\nhost {\nconnect_ip 192.0.2.3\n}\nhost {\nconnect_ip 192.0.2.4\nconnect_timeout 2\n}\n}"));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal("test.conf:6:1", result.Single("deprecated").Location.ToString());
        Assert.Equal("test.conf:6:1", result.Single("keepalived-differs").Location.ToString());
    }

    [Theory]
    [InlineData("host {\nhelo_name x\n}", "misplaced-keyword")]
    [InlineData("host {\nnb_get_retry 2\n}", "misplaced-keyword")]
    [InlineData("host {\nconnect_ip fe80::1\nconnect_timeout 1\n}", "missing-keyword")]
    [InlineData("host {\nconnect_ip 2001:db8::1\nbindto 192.0.2.9\nconnect_timeout 1\n}", "family-mismatch")]
    public void Bind_BadHostBlock_IsAnErrorThere(string host, string code)
    {
        var result = Conf.Bind(Server($"SMTP_CHECK {{\n{host}\n}}"));

        Assert.Equal(code, Assert.Single(result.Errors()).Code);
    }
}
