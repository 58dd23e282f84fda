using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>SMTP_CHECK and UDP_CHECK binding (check_smtp.c, check_udp.c).</summary>
public sealed class SmtpUdpCheckBindingTests
{
    private static HealthCheck Check(string block) =>
        Conf.Model($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\n{block}\n}}\n}}\n").VirtualServers[0].RealServers[0].Checks[0];

    [Fact]
    public void Bind_SmtpCheck_HeloNameDefaultsToKeepalivedsName()
    {
        Assert.Equal("smtpchecker.keepalived.org", Assert.IsType<SmtpCheck>(Check("SMTP_CHECK {\n}")).HeloName);
        Assert.Equal("lb.example", Assert.IsType<SmtpCheck>(Check("SMTP_CHECK {\nhelo_name lb.example\nconnect_port 25\n}")).HeloName);
    }

    [Fact]
    public void Bind_UdpCheck_PayloadReplyPatternAndLengths()
    {
        UdpCheck check = Assert.IsType<UdpCheck>(Check("UDP_CHECK {\npayload 0A 1b 2\nrequire_reply 6fXx\nmin_reply_length 2\nmax_reply_length 10\n}"));

        Assert.Equal(("0a1b02", true, "6fxx", 2, 10), (check.Payload, check.RequireReply, check.Reply, check.MinReplyLength, check.MaxReplyLength));
        UdpCheck plain = Assert.IsType<UdpCheck>(Check("UDP_CHECK {\n}"));
        Assert.Equal((null, false, null, 0, 255), (plain.Payload, plain.RequireReply, plain.Reply, plain.MinReplyLength, plain.MaxReplyLength));
    }

    [Theory]
    [InlineData("UDP_CHECK {\npayload zz\n}", "invalid-value")]
    [InlineData("UDP_CHECK {\npayload 0x\n}", "invalid-value")]
    public void Bind_BadSmtpOrUdpCheck_IsAnError(string block, string code)
    {
        var result = Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\n{block}\n}}\n}}\n");

        Assert.Equal(code, Assert.Single(result.Errors()).Code);
    }

    [Fact]
    public void Bind_DnsCheck_TypeNameAndKeepalivedsDefaults()
    {
        DnsCheck check = Assert.IsType<DnsCheck>(Check("DNS_CHECK {\ntype AAAA\nname www.example.org\n}"));
        Assert.Equal(((ushort)28, "www.example.org", 3), (check.Type, check.Name, check.Timing.Retry));
        Assert.Equal(check.Timing.DelayLoop, check.Timing.DelayBeforeRetry);
        DnsCheck plain = Assert.IsType<DnsCheck>(Check("DNS_CHECK {\n}"));
        Assert.Equal(((ushort)6, string.Empty), (plain.Type, plain.Name));
    }

    [Theory]
    [InlineData("DNS_CHECK {\ntype PTR\n}")]
    [InlineData("DNS_CHECK {\nname a..b\n}")]
    public void Bind_BadDnsCheck_IsAnError(string block)
    {
        var result = Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\n{block}\n}}\n}}\n");

        Assert.Equal("invalid-value", Assert.Single(result.Errors()).Code);
    }
}
