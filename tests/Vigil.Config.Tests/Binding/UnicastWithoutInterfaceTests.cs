using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// An instance without 'interface' (only unicast_src_ip / unicast_peer): its man page allows it, but keepalived 2.2.7
/// refuses it at start ("(VI_1) Unknown interface!", chk_min_cfg in vrrp.c runs before the unicast flag is set;
/// fixed in 2.2.8). vigil check refuses it too, saying so, rather than letting vigil run refuse it later.
/// </summary>
public sealed class UnicastWithoutInterfaceTests
{
    [Fact]
    public void Bind_UnicastInstanceWithoutInterface_ErrorNamingKeepalived227()
    {
        ConfigBindResult result = Conf.Bind("vrrp_instance VI_1 {\nvirtual_router_id 51\nunicast_src_ip 192.0.2.1\nunicast_peer {\n192.0.2.2\n}\nvirtual_ipaddress {\n192.0.2.100/24 dev eth0\n}\n}\n");

        Diagnostic error = result.Single("missing-keyword");
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("has no 'interface'", error.Message, StringComparison.Ordinal);
        Assert.Contains("keepalived 2.2.7 refuses", error.Message, StringComparison.Ordinal);
        Assert.Contains("interface IF", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_VrfWithoutInterface_StillAnError() =>
        Assert.Contains(Conf.Bind("vrrp_instance VI_1 {\nvirtual_router_id 51\nvrf blue\nunicast_src_ip 192.0.2.1\nunicast_peer {\n192.0.2.2\n}\nvirtual_ipaddress {\n192.0.2.100/24 dev eth0\n}\n}\n").Errors(),
            d => d.Code == "missing-keyword" && d.Message.Contains("has no 'interface'", StringComparison.Ordinal));

    [Fact]
    public void Bind_MulticastInstanceWithoutInterface_PlainError() =>
        Assert.DoesNotContain("2.2.7", Conf.Bind("vrrp_instance VI_1 {\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.100/24\n}\n}\n").Single("missing-keyword").Message, StringComparison.Ordinal);
}
