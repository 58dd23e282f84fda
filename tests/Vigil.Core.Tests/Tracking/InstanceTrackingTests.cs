using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>Readings become the state machine's inputs.</summary>
public class InstanceTrackingTests
{
    private static readonly TrackerKey s_nginx = TrackerKey.Script("chk_nginx");
    private static readonly TrackerKey s_eth1 = TrackerKey.Interface("eth1");

    private static InstanceTracking Seed() => new("VI_1", 100, [new TrackerBinding(s_nginx, -20, false), new TrackerBinding(s_eth1, 0, false)]);

    [Fact]
    public void Update_WeightedScriptFails_GivesNewPriority()
    {
        var tracking = Seed();
        Assert.Equal([RouterInput.EffectivePriorityChanged(80)], tracking.Update(s_nginx, TrackerReading.Down));
    }

    [Fact]
    public void Update_SameReadingTwice_GivesNothingTheSecondTime()
    {
        var tracking = Seed();
        tracking.Update(s_nginx, TrackerReading.Down);
        Assert.Empty(tracking.Update(s_nginx, TrackerReading.Down));
    }

    [Fact]
    public void Update_ScriptRecovers_RestoresBasePriority()
    {
        var tracking = Seed();
        tracking.Update(s_nginx, TrackerReading.Down);
        Assert.Equal([RouterInput.EffectivePriorityChanged(100)], tracking.Update(s_nginx, TrackerReading.Up));
    }

    [Fact]
    public void Update_UnweightedInterfaceDownThenUp_GivesFaultThenRecovered()
    {
        var tracking = Seed();
        Assert.Equal([RouterInput.TrackerFault("interface eth1")], tracking.Update(s_eth1, TrackerReading.Down));
        Assert.Equal([RouterInput.TrackerRecovered("interface eth1")], tracking.Update(s_eth1, TrackerReading.Up));
    }

    [Fact]
    public void Update_UntrackedKey_IsIgnored()
    {
        Assert.Empty(Seed().Update(TrackerKey.Script("other"), TrackerReading.Down));
    }

    [Fact]
    public void InitialInputs_InitFailScriptWithNegativeWeight_StartsLowered()
    {
        var tracking = Seed();
        tracking.Update(s_nginx, TrackerReading.Down);
        Assert.Equal([RouterInput.EffectivePriorityChanged(80)], tracking.InitialInputs());
    }

    [Fact]
    public void Outcome_UnweightedScriptNotRun_IsPending()
    {
        var tracking = new InstanceTracking("VI_1", 100, [new TrackerBinding(s_nginx, 0, false)]);
        Assert.True(tracking.Outcome.Pending);
        tracking.Update(s_nginx, TrackerReading.Up);
        Assert.False(tracking.Outcome.Pending);
    }
}
