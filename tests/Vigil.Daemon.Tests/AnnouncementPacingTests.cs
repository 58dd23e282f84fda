using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Linux;

namespace Vigil.Daemon.Tests;

/// <summary>Which GARP/NA budget an interface uses: its garp_group's (shared, replacing the globals) or its own with the globals.</summary>
public sealed class AnnouncementPacingTests
{
    [Fact]
    public void For_GroupWithOnlyAGnaInterval_ItsInterfacesSendGarpsUnspacedAndNasOnTheGroupsBudget()
    {
        AnnouncementPacing pacing = AnnouncementPacing.FromConfig(Bind(
            "global_defs {\nvrrp_garp_interval 0.1\nvrrp_gna_interval 0.2\n}\ngarp_group {\ngna_interval 0.05\ninterface eth1\n}\n"));

        AnnouncementPacing.Pace grouped = pacing.For("eth1");
        AnnouncementPacing.Pace other = pacing.For("eth0");

        Assert.True(pacing.IsPaced);
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMilliseconds(50)), (grouped.Garp, grouped.Gna));
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)), (other.Garp, other.Gna));
        Assert.NotEqual(grouped.Key, other.Key);
    }

    [Fact]
    public void For_InterfacesOfOneGroup_ShareOneBudgetOthersHaveTheirOwn()
    {
        AnnouncementPacing pacing = AnnouncementPacing.FromConfig(Bind("garp_group {\ngarp_interval 0.3\ninterfaces {\neth0 eth1\n}\n}\n"));

        Assert.Equal(pacing.For("eth0").Key, pacing.For("eth1").Key);
        Assert.NotEqual(pacing.For("eth2").Key, pacing.For("eth3").Key);
        Assert.Equal(TimeSpan.Zero, pacing.For("eth2").Garp);
    }

    [Fact]
    public void IsPaced_NoIntervalsAnywhere_False() =>
        Assert.False(AnnouncementPacing.FromConfig(Bind("")).IsPaced);

    private static KeepalivedConfig Bind(string text)
    {
        const string instance = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n";
        ConfigDocument document = ConfigLoader.Load("t.conf", new ConfigLoadOptions { FileSystem = new InMemoryConfigFileSystem().Add("t.conf", text + instance) });
        ConfigBindResult result = ConfigBinder.Bind(document);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Config;
    }
}
