using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>garp_group blocks as keepalived's vrrp_parser.c reads them: intervals, one interface or a list, and what it ignores.</summary>
public sealed class GarpGroupBindingTests
{
    private const string Instance = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n";

    [Fact]
    public void Bind_TwoGroups_IntervalsAndInterfacesKept()
    {
        KeepalivedConfig config = Conf.Model("garp_group {\ngarp_interval 0.5\ninterfaces {\neth0\neth1 eth2\n}\n}\ngarp_group {\ngna_interval 0.002\ninterface eth3\n}\n" + Instance);

        Assert.Equal(2, config.GarpGroups.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.GarpGroups[0].GarpInterval);
        Assert.Null(config.GarpGroups[0].GnaInterval);
        Assert.Equal(["eth0", "eth1", "eth2"], config.GarpGroups[0].Interfaces);
        Assert.Null(config.GarpGroups[1].GarpInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(2), config.GarpGroups[1].GnaInterval);
        Assert.Equal(["eth3"], config.GarpGroups[1].Interfaces);
    }

    [Fact]
    public void Bind_InterfaceInTwoGroups_SecondEntryIgnoredWithAWarningAtItsLine()
    {
        var result = Conf.Bind("garp_group {\ngarp_interval 1\ninterface eth0\n}\ngarp_group {\ngarp_interval 2\ninterfaces {\neth0\neth1\n}\n}\n" + Instance);

        var warning = result.Single("garp-group-duplicate");
        Assert.Equal(8, warning.Location.Line);
        Assert.Contains("test.conf:1:1", warning.Message, StringComparison.Ordinal);
        Assert.Equal(["eth1"], result.Config.GarpGroups[1].Interfaces);
    }

    [Fact]
    public void Bind_GroupWithoutAnyInterval_IgnoredWithAWarning()
    {
        var result = Conf.Bind("garp_group {\ninterface eth0\n}\n" + Instance);

        result.Single("garp-group-no-delay");
        Assert.Empty(result.Config.GarpGroups);
    }

    [Fact]
    public void Bind_NegativeInterval_IsAnErrorAtTheValue()
    {
        var result = Conf.Bind("garp_group {\ngarp_interval -1\ninterface eth0\n}\n" + Instance);

        Assert.Contains(result.Errors(), d => d.Location.Line == 2);
    }
}
