using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary><c>ip_family</c> of a virtual_server (check_parser.c ip_family_handler): a fwmark service's address family.</summary>
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
}
