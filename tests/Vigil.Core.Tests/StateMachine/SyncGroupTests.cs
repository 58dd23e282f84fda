using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

public class SyncGroupTests
{
    private readonly List<RouterAction> _actions = [];
    private readonly VirtualRouter _a = new(Options() with { Name = "VI_A", VirtualRouterId = 1 });
    private readonly VirtualRouter _b = new(Options() with { Name = "VI_B", VirtualRouterId = 2 });
    private readonly SyncGroup _group = new("G1");

    public SyncGroupTests()
    {
        _group.Add(_a);
        _group.Add(_b);
        _a.Step(RouterInput.Startup, TimeSpan.Zero, _actions);
        _b.Step(RouterInput.Startup, TimeSpan.Zero, _actions);
        _actions.Clear();
    }

    [Fact]
    public void Step_OneMemberTimesOutWhileOtherHearsMaster_StaysBackup()
    {
        _b.Step(RouterInput.Advertisement(150, 100, High), Seconds(3), _actions);

        _a.Step(RouterInput.DeadlineReached, _a.NextDeadline!.Value, _actions);

        Assert.Equal(RouterState.Backup, _a.State);
        Assert.DoesNotContain(_actions, a => a.Kind == RouterActionKind.StateChanged);
    }

    [Fact]
    public void Step_AllMembersTimeOut_AllBecomeMasterTogether()
    {
        TimeSpan t = _a.NextDeadline!.Value;
        _a.Step(RouterInput.DeadlineReached, t, _actions);
        Assert.Equal(RouterState.Backup, _a.State);

        _b.Step(RouterInput.DeadlineReached, _b.NextDeadline!.Value, _actions);

        Assert.Equal(RouterState.Master, _a.State);
        Assert.Equal(RouterState.Master, _b.State);
        Assert.Equal(RouterState.Master, _group.State);
        RouterAction follow = Assert.Single(_actions, x => x.Kind == RouterActionKind.StateChanged && x.Router == _a);
        Assert.Equal("sync group G1: VI_B became MASTER", follow.Reason.ToString());
    }

    [Fact]
    public void Step_OneMasterMemberStepsDown_TheOtherFollows()
    {
        _a.Step(RouterInput.DeadlineReached, _a.NextDeadline!.Value, _actions);
        _b.Step(RouterInput.DeadlineReached, _b.NextDeadline!.Value, _actions);

        _a.Step(RouterInput.Advertisement(200, 100, High), Seconds(5), _actions);

        Assert.Equal(RouterState.Backup, _a.State);
        Assert.Equal(RouterState.Backup, _b.State);
    }

    [Fact]
    public void Step_OneMemberFaults_AllFaultUntilItRecovers()
    {
        _a.Step(RouterInput.TrackerFault("chk"), Seconds(1), _actions);

        Assert.Equal(RouterState.Fault, _b.State);
        _b.Step(RouterInput.InterfaceDown, Seconds(2), _actions);
        _a.Step(RouterInput.TrackerRecovered("chk"), Seconds(3), _actions);
        Assert.Equal(RouterState.Fault, _a.State);

        _b.Step(RouterInput.InterfaceUp, Seconds(4), _actions);

        Assert.Equal(RouterState.Backup, _a.State);
        Assert.Equal(RouterState.Backup, _b.State);
    }

    [Fact]
    public void Add_RouterAlreadyInAGroup_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new SyncGroup("G2").Add(_a));
}
