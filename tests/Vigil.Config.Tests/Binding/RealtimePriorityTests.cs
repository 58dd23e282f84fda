using Vigil.Config.Binding;

namespace Vigil.Config.Tests.Binding;

/// <summary><c>vrrp_rt_priority</c> is bound (it was accepted and ignored before): the daemon's SCHED_RR priority.</summary>
public sealed class RealtimePriorityTests
{
    [Fact]
    public void Bind_VrrpRtPriority_SetsRealtimePriorityWithoutWarning()
    {
        ConfigBindResult result = Conf.Bind("global_defs {\nvrrp_rt_priority 42\n}\n");

        Assert.Equal(42, result.Config.Global.RealtimePriority);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Bind_NoVrrpRtPriority_LeavesItUnsetForTheDaemonDefault() =>
        Assert.Null(Conf.Model("global_defs {\nrouter_id a\n}\n").Global.RealtimePriority);

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("high")]
    public void Bind_VrrpRtPriorityOutOfRange_Error(string value) =>
        Assert.NotEmpty(Conf.Bind($"global_defs {{\nvrrp_rt_priority {value}\n}}\n").Errors());
}
