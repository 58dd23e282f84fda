using System.Net;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Address options are applied as keepalived 2.2.7 applies them (AddressOptionsNetnsTests compares the kernel's
/// addresses with keepalived's), so they draw no not-applied warning; what keepalived changes or ignores is an
/// "ignored-setting" warning, what the kernel would refuse an error. A static address's use_vmac stays not applied.
/// </summary>
public sealed class AddressOptionDiagnosticsTests
{
    [Theory]
    [InlineData("2001:db8::10/64 home mngtmpaddr noprefixroute preferred_lft 0 -nodad no_track")]
    [InlineData("192.0.2.10 peer 192.0.2.20 home noprefixroute")]
    [InlineData("2001:db8::10 peer 2001:db8::20")]
    [InlineData("2001:db8::10/128 preferred_lft forever")]
    [InlineData("239.1.2.3 autojoin")]
    [InlineData("192.0.2.10/24 dev eth0 brd + scope global label eth0:1 no_track\n198.51.100.9/24 dev eth1 use_vmac")]
    public void Bind_AddressOptionsKeepalivedApplies_NoWarning(string vips) =>
        Assert.Empty(Conf.BindInstance("", vips: vips).Diagnostics);

    [Fact]
    public void Bind_PeerWithPrefix_PrefixIgnoredAsInKeepalived()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.10/24 peer 192.0.2.20");

        Assert.Contains("/24", result.Single("ignored-setting").Message, StringComparison.Ordinal);
        Assert.Equal(32, result.Config.Instances[0].VirtualIpAddresses[0].PrefixLength);
    }

    [Fact]
    public void Bind_PeerWithBroadcast_BroadcastIgnoredAsInKeepalived()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.10 brd 192.0.2.255 peer 192.0.2.20");

        Assert.Contains("broadcast", result.Single("ignored-setting").Message, StringComparison.Ordinal);
        AddressEntry vip = result.Config.Instances[0].VirtualIpAddresses[0];
        Assert.Null(vip.Broadcast);
        Assert.Equal(IPAddress.Parse("192.0.2.20"), vip.Peer);
    }

    [Fact]
    public void Bind_PreferredLifetimeOnIPv4_IgnoredAsInKeepalived()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.10/24 preferred_lft 0");

        var warning = result.Single("ignored-setting");
        Assert.Contains("'preferred_lft'", warning.Message, StringComparison.Ordinal);
        Assert.Equal("192.0.2.10/24 preferred_lft 0".IndexOf("preferred_lft", StringComparison.Ordinal) + 1, warning.Location.Column);
    }

    [Theory]
    [InlineData("192.0.2.10 peer 2001:db8::20", "peer")]
    [InlineData("2001:db8::10/80 mngtmpaddr", "mngtmpaddr")]
    [InlineData("2001:db8::10/64 mngtmpaddr peer 2001:db8::20", "mngtmpaddr")]
    [InlineData("192.0.2.10/24 autojoin", "autojoin")]
    [InlineData("2001:db8::10/64 autojoin", "autojoin")]
    public void Bind_OptionTheKernelRefuses_ErrorAtTheOption(string vip, string option)
    {
        var error = Assert.Single(Conf.BindInstance("", vips: vip).Errors());

        Assert.Equal("invalid-address", error.Code);
        int at = option == "peer" ? vip.LastIndexOf(' ') + 1 : vip.IndexOf(option, StringComparison.Ordinal);
        Assert.Equal(at + 1, error.Location.Column);
    }

    [Fact]
    public void Bind_StaticAddressUseVmac_NotAppliedAsInKeepalived() =>
        Assert.Single(Conf.Bind("static_ipaddress {\n198.51.100.9/24 dev eth1 use_vmac\n}\n").Warnings(), d => d.Code == "not-applied");
}
