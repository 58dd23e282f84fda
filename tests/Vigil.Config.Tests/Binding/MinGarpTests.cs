using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// global_defs vrrp_min_garp (keepalived vrrp_min_garp_handler): one GARP/NA on becoming master, no second burst
/// 5 s later, and one on hearing a lower priority (the lower-priority values copy the master ones); values set
/// before it stay, values set after it win.
/// </summary>
public sealed class MinGarpTests
{
    [Fact]
    public void MinGarp_OneGarpNoDelayedBurst_LowerPriorityCopiesIt()
    {
        GarpSettings garp = Conf.Instance("", global: "vrrp_min_garp").Garp;

        Assert.Equal((1, TimeSpan.Zero, 1, TimeSpan.Zero), (garp.MasterRepeat, garp.MasterDelay, garp.LowerPriorityRepeat, garp.LowerPriorityDelay));
        Assert.True(Conf.Model("global_defs {\nvrrp_min_garp\n}\n").Global.MinGarp);
    }

    [Fact]
    public void MinGarpFalse_ChangesNothing()
    {
        GarpSettings garp = Conf.Instance("", global: "vrrp_min_garp false").Garp;

        Assert.Equal((5, TimeSpan.FromSeconds(5)), (garp.MasterRepeat, garp.MasterDelay));
    }

    [Fact]
    public void MinGarp_KeepsValuesSetBeforeIt_AndLaterLinesAndInstancesOverride()
    {
        GarpSettings before = Conf.Instance("", global: "vrrp_garp_master_repeat 3\nvrrp_min_garp").Garp;
        GarpSettings after = Conf.Instance("", global: "vrrp_min_garp\nvrrp_garp_master_delay 2").Garp;
        GarpSettings instance = Conf.Instance("garp_master_repeat 4", global: "vrrp_min_garp").Garp;

        Assert.Equal((3, TimeSpan.Zero), (before.MasterRepeat, before.MasterDelay));
        Assert.Equal((1, TimeSpan.FromSeconds(2)), (after.MasterRepeat, after.MasterDelay));
        Assert.Equal((4, TimeSpan.Zero), (instance.MasterRepeat, instance.MasterDelay));
    }
}
