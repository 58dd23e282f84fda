using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>virtual_server_group and <c>virtual_server group NAME</c>: one IPVS service per group entry (keepalived.conf(5)).</summary>
public sealed class LvsGroupBindingTests
{
    private const string Body = "{\nlb_algo rr\nreal_server 192.0.2.2 80 {\nweight 2\nTCP_CHECK {\n}\n}\n}\n";

    [Fact]
    public void Bind_Group_OneVirtualServerPerEntryRangeAndFwmark()
    {
        KeepalivedConfig config = Conf.Model($"virtual_server group WEB {Body}virtual_server_group WEB {{\n203.0.113.10 80\n203.0.113.20-22 443\nfwmark 7\nfwmark 8 inet6\n}}\n");

        Assert.Equal(
            ["203.0.113.10:80", "203.0.113.20:443", "203.0.113.21:443", "203.0.113.22:443", "fwmark 7", "fwmark 8"],
            config.VirtualServers.Select(v => v.ToString()));
        Assert.All(config.VirtualServers, v => Assert.Equal(("WEB", "rr", 2), (v.GroupName, v.Scheduler, v.RealServers[0].Weight)));
        Assert.Equal(IPAddress.IPv6Any, config.VirtualServers[5].Address);
    }

    [Fact]
    public void Bind_Ipv6Range_VariesTheLastSixteenBitsInHex()
    {
        KeepalivedConfig config = Conf.Model("virtual_server group V6 {\nreal_server 2001:db8:1::2 80 {\nTCP_CHECK {\n}\n}\n}\nvirtual_server_group V6 {\n2001:db8::9-b 80\n}\n");

        Assert.Equal(["[2001:db8::9]:80", "[2001:db8::a]:80", "[2001:db8::b]:80"], config.VirtualServers.Select(v => v.ToString()));
    }

    [Theory]
    [InlineData("virtual_server group NONE " + Body, "undefined-reference")]
    [InlineData("virtual_server_group G {\n203.0.113.10\n}\n", "missing-argument")]
    [InlineData("virtual_server_group G {\n203.0.113.30-20 80\n}\n", "invalid-value")]
    [InlineData("virtual_server_group G {\nweb.example 80\n}\n", "invalid-address")]
    [InlineData("virtual_server_group G {\n}\n", "missing-keyword")]
    public void Bind_BadGroupOrEntry_IsAnError(string text, string code)
    {
        Diagnostic first = Conf.Bind(text).Errors().First(); // an entry's error, then (caused by it) an empty group

        Assert.Equal(code, first.Code);
    }

    [Fact]
    public void Bind_GroupEntriesDuplicatingAVirtualServer_IsTheDuplicateError()
    {
        var result = Conf.Bind($"virtual_server 203.0.113.10 80 {Body}virtual_server group G {Body}virtual_server_group G {{\n203.0.113.10 80\n}}\n");

        Assert.Equal("duplicate-virtual-server", Assert.Single(result.Errors()).Code);
    }
}
