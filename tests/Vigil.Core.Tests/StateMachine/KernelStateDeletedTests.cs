using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>keepalived 2.2.7 set_vrrp_backup: a VIP, virtual route or rule deleted by someone else while MASTER.</summary>
public class KernelStateDeletedTests
{
    [Fact]
    public void Master_StepsDownWithPriorityZeroAndRemovesItsState()
    {
        RouterHarness h = Create(priority: 200, version: 3);
        TimeSpan t = h.StartAsMaster();

        h.Step(RouterInput.KernelStateDeleted("virtual address 192.0.2.10"), t + Seconds(2));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(
            [RouterActionKind.SendAdvertisement, RouterActionKind.RemoveVirtualAddresses, RouterActionKind.StateChanged, RouterActionKind.RunNotify],
            h.Kinds());
        Assert.Equal(0, h.Actions[0].Priority);
        Assert.Equal(TransitionReasonKind.KernelStateDeleted, h.Actions[2].Reason.Kind);
        Assert.Equal("virtual address 192.0.2.10 was deleted (not by vigil)", h.Actions[2].Reason.ToString());
    }

    [Fact]
    public void Master_ComesBackAfterSkewTimeNotMasterDownInterval()
    {
        RouterHarness h = Create(priority: 200, version: 3);
        TimeSpan t = h.StartAsMaster() + Seconds(2);
        TimeSpan skew = h.Router.SkewTime;

        h.Step(RouterInput.KernelStateDeleted("virtual route 198.51.100.0/24"), t);

        Assert.Equal(t + skew, h.Router.NextDeadline);
        Assert.True(skew < h.Router.MasterDownInterval);
        h.RunToDeadline();
        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Contains(RouterActionKind.AddVirtualAddresses, h.Kinds());
    }

    [Fact]
    public void Backup_IgnoresIt()
    {
        RouterHarness h = Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        TimeSpan? deadline = h.Router.NextDeadline;

        h.Step(RouterInput.KernelStateDeleted("virtual rule 100"), Seconds(1));

        Assert.Empty(h.Actions);
        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(deadline, h.Router.NextDeadline);
    }

    [Fact]
    public void SyncGroup_EveryMasterMemberStepsDownAndTheGroupReturnsTogether()
    {
        var actions = new List<RouterAction>();
        var a = new VirtualRouter(Options(priority: 200, version: 3) with { Name = "VI_A", VirtualRouterId = 1 });
        var b = new VirtualRouter(Options(priority: 150, version: 3) with { Name = "VI_B", VirtualRouterId = 2 });
        var group = new SyncGroup("G1");
        group.Add(a);
        group.Add(b);
        a.Step(RouterInput.Startup, TimeSpan.Zero, actions);
        b.Step(RouterInput.Startup, TimeSpan.Zero, actions);
        a.Step(RouterInput.DeadlineReached, a.NextDeadline!.Value, actions);
        b.Step(RouterInput.DeadlineReached, b.NextDeadline!.Value, actions);
        Assert.Equal(RouterState.Master, group.State);
        actions.Clear();
        TimeSpan t = Seconds(10);

        a.Step(RouterInput.KernelStateDeleted("virtual address 192.0.2.10"), t, actions);

        Assert.Equal(RouterState.Backup, a.State);
        Assert.Equal(RouterState.Backup, b.State);
        Assert.Equal(RouterState.Backup, group.State);
        RouterAction bye = Assert.Single(actions, x => x.Router == b && x.Kind == RouterActionKind.SendAdvertisement);
        Assert.Equal(0, bye.Priority);
        Assert.Equal("sync group G1: VI_A stepped down (its kernel state was deleted)", actions.Single(x => x.Router == b && x.Kind == RouterActionKind.StateChanged).Reason.ToString());
        Assert.Equal(t + a.SkewTime, a.NextDeadline);
        Assert.Equal(t + b.SkewTime, b.NextDeadline);

        // a's skew is shorter: it waits for b (vrrp_sync_can_goto_master), then b's expiry takes both back.
        a.Step(RouterInput.DeadlineReached, a.NextDeadline!.Value, actions);
        Assert.Equal(RouterState.Backup, a.State);
        b.Step(RouterInput.DeadlineReached, b.NextDeadline!.Value, actions);
        Assert.Equal(RouterState.Master, a.State);
        Assert.Equal(RouterState.Master, b.State);
    }
}
