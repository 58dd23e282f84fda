using System.Net;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// <c>ip_family</c> of a virtual_server (check_parser.c ip_family_handler): a fwmark service's address family; without it,
/// the family of its servers (rs_end_handler, vs_end_handler), and servers of the other family are errors.
/// </summary>
public sealed class LvsFamilyBindingTests
{
    private const string Real = "real_server 2001:db8::2 80 {\n}\n";

    [Fact]
    public void Bind_IpFamilyInet6_FwmarkServiceIsIpv6()
    {
        KeepalivedConfig config = Conf.Model($"virtual_server fwmark 1 {{\nip_family inet6\n{Real}}}\nvirtual_server fwmark 1 {{\nip_family inet\nreal_server 192.0.2.2 80 {{\n}}\n}}\nvirtual_server fwmark 2 {{\nreal_server 192.0.2.2 80 {{\n}}\n}}\n");

        // The kernel keys fwmark services by family and mark, so mark 1 may appear once per family.
        Assert.Equal([IPAddress.IPv6Any, IPAddress.Any, IPAddress.Any], config.VirtualServers.Select(v => v.Address));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), Conf.Model($"virtual_server 2001:db8::1 80 {{\nip_family inet6\n{Real}}}\n").VirtualServers[0].Address);
    }

    [Theory]
    [InlineData("virtual_server 192.0.2.1 80 {\nip_family inet6\n}", "family-mismatch", 11)]
    [InlineData("virtual_server fwmark 1 {\nip_family inet4\n}", "invalid-value", 11)]
    [InlineData("virtual_server fwmark 1 {\nip_family inet\n}\nvirtual_server fwmark 1 {\n}", "duplicate-virtual-server", 1)]
    public void Bind_BadIpFamily_IsAnError(string text, string code, int column)
    {
        Diagnostic error = Assert.Single(Conf.Bind(text).Errors());

        Assert.Equal((code, column), (error.Code, error.Location.Column));
    }

    [Theory]
    [InlineData("real_server 2001:db8::2 80 {\n}\n", "::")] // keepalived: the first real server's family
    [InlineData("real_server 192.0.2.2 80 {\n}\n", "0.0.0.0")]
    [InlineData("sorry_server 2001:db8::9 80\n", "::")] // no real server: the sorry server's
    [InlineData("real_server 2001:db8::2 80 {\nlvs_method TUN\n}\nreal_server 2001:db8::3 80 {\nlvs_method TUN\n}\n", "::")] // all tunnelled, one family
    [InlineData("real_server 2001:db8::2 80 {\nlvs_method TUN\n}\nreal_server 192.0.2.3 80 {\nlvs_method TUN\n}\n", "0.0.0.0")] // mixed tunnelled: IPv4
    [InlineData("real_server 2001:db8::2 80 {\nlvs_method TUN\n}\nreal_server 192.0.2.3 80 {\n}\n", "0.0.0.0")] // the first one not tunnelled decides
    [InlineData("", "0.0.0.0")]
    public void Bind_FwmarkWithoutIpFamily_FamilyFromItsServers(string servers, string any)
    {
        ConfigBindResult result = Conf.Bind($"virtual_server fwmark 1 {{\n{servers}}}\n");

        Assert.Empty(result.Errors());
        Assert.Equal(IPAddress.Parse(any), result.Config!.VirtualServers[0].Address);
    }

    [Theory]
    [InlineData("real_server 192.0.2.2 80 {\n}\nreal_server 2001:db8::3 80 {\n}\n", 4, "real_server [2001:db8::3]:80 is IPv6 but virtual_server fwmark 1 is IPv4 (inferred from real_server 192.0.2.2:80 at test.conf:2:1)")]
    [InlineData("ip_family inet6\nreal_server 192.0.2.2 80 {\n}\n", 3, "real_server 192.0.2.2:80 is IPv4 but virtual_server fwmark 1 is IPv6 ('ip_family' at test.conf:2:1)")]
    [InlineData("real_server 2001:db8::2 80 {\n}\nsorry_server 192.0.2.9 80\n", 4, "sorry_server 192.0.2.9:80 is IPv4 but virtual_server fwmark 1 is IPv6 (inferred from real_server [2001:db8::2]:80 at test.conf:2:1)")]
    public void Bind_FwmarkServerOfTheOtherFamily_ErrorAtIt_NamingWhereTheFamilyCameFrom(string servers, int line, string message)
    {
        Diagnostic error = Assert.Single(Conf.Bind($"virtual_server fwmark 1 {{\n{servers}}}\n").Errors());

        Assert.Equal(("family-mismatch", line, 1), (error.Code, error.Location.Line, error.Location.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TunnelledRealServerOfTheOtherFamily_Allowed_AsKeepalivedAndTheKernelDo()
    {
        Assert.Empty(Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 2001:db8::2 80 {\nlvs_method TUN\n}\n}\n").Errors());
        Assert.Equal("family-mismatch", Assert.Single(Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 2001:db8::2 80 {\n}\n}\n").Errors()).Code);
        Assert.Equal("family-mismatch", Assert.Single(Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\n}\nsorry_server 2001:db8::9 80\n}\n").Errors()).Code);
    }
}
