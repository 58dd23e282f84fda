namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Address options keepalived applies and vigil run does not (IFA flags, peer, preferred_lft; a
/// static address's use_vmac) are never silently ignored: each is a not-applied warning at the option, so check says "NOT AS WRITTEN".
/// </summary>
public sealed class AddressOptionDiagnosticsTests
{
    [Theory]
    [InlineData("2001:db8::10/64 home", "home")]
    [InlineData("2001:db8::10/64 mngtmpaddr", "mngtmpaddr")]
    [InlineData("2001:db8::10/64 noprefixroute", "noprefixroute")]
    [InlineData("2001:db8::10/64 autojoin", "autojoin")]
    [InlineData("192.0.2.10/32 peer 192.0.2.20", "peer")]
    [InlineData("2001:db8::10/64 preferred_lft 0", "preferred_lft")]
    public void Bind_AddressOptionVigilRunDoesNotApply_NotAppliedWarningAtTheOption(string vip, string option)
    {
        var result = Conf.BindInstance("", vips: vip);

        var warning = Assert.Single(result.Warnings(), d => d.Code == "not-applied");
        Assert.Contains($"'{option}' on this address", warning.Message, StringComparison.Ordinal);
        Assert.Equal(vip.IndexOf(option, StringComparison.Ordinal) + 1, warning.Location.Column);
    }

    [Fact]
    public void Bind_AppliedAddressOptions_NoWarning() =>
        Assert.DoesNotContain(Conf.BindInstance("", vips: "192.0.2.10/24 dev eth0 brd + scope global label eth0:1 no_track\n198.51.100.9/24 dev eth1 use_vmac").Diagnostics, d => d.Code == "not-applied");

    [Fact]
    public void Bind_StaticAddressUseVmac_NotAppliedAsInKeepalived() =>
        Assert.Single(Conf.Bind("static_ipaddress {\n198.51.100.9/24 dev eth1 use_vmac\n}\n").Warnings(), d => d.Code == "not-applied");
}
