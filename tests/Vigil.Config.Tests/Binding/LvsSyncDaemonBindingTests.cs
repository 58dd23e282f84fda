using System.Net;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>lvs_sync_daemon read as keepalived 2.2.7's global_parser.c: named options, the older positional form, and what it refuses.</summary>
public sealed class LvsSyncDaemonBindingTests
{
    private static readonly string s_instance = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n";

    [Fact]
    public void Bind_NamedOptions_AllKept()
    {
        LvsSyncDaemon daemon = Conf.Model("global_defs {\nlvs_sync_daemon eth1 inst VI_1 id 9 maxlen 1400 port 8849 ttl 3 group 239.1.2.3\n}\n" + s_instance).Global.LvsSyncDaemon!;

        Assert.Equal(("eth1", "VI_1", 9, 1400, 8849, 3, IPAddress.Parse("239.1.2.3")), (daemon.Interface, daemon.Instance, daemon.SyncId, daemon.MaxLength, daemon.Port, daemon.Ttl, daemon.Group));
    }

    [Fact]
    public void Bind_OlderPositionalForm_InstanceThenSyncId()
    {
        LvsSyncDaemon daemon = Conf.Model("global_defs {\nlvs_sync_daemon eth0 VI_1 12\n}\n" + s_instance).Global.LvsSyncDaemon!;

        Assert.Equal(("eth0", "VI_1", (int?)12), (daemon.Interface, daemon.Instance, daemon.SyncId));
    }

    [Fact]
    public void Bind_InterfaceOnly_BothDaemonsNoInstance()
    {
        LvsSyncDaemon daemon = Conf.Model("global_defs {\nlvs_sync_daemon eth0\n}\n" + s_instance).Global.LvsSyncDaemon!;

        Assert.Null(daemon.Instance);
        Assert.Null(daemon.SyncId);
    }

    [Fact]
    public void Bind_UndefinedInstance_IsAnErrorAtTheLine()
    {
        var result = Conf.Bind("global_defs {\nlvs_sync_daemon eth0 VI_9\n}\n" + s_instance);

        var error = Assert.Single(result.Errors());
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("VI_9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lvs_sync_daemon eth0 VI_1 group 192.0.2.9", "not a multicast")]
    [InlineData("lvs_sync_daemon eth0 VI_1 id 256", "256")]
    [InlineData("lvs_sync_daemon an-interface-name-too-long VI_1", "15 characters")]
    [InlineData("lvs_sync_daemon eth0 VI_1 7 extra", "extra")]
    public void Bind_BadValue_IsAnErrorNamingIt(string line, string expected)
    {
        var result = Conf.Bind("global_defs {\n" + line + "\n}\n" + s_instance);

        Assert.Contains(result.Errors(), d => d.Message.Contains(expected, StringComparison.Ordinal) || (d.Hint ?? "").Contains(expected, StringComparison.Ordinal));
    }
}
