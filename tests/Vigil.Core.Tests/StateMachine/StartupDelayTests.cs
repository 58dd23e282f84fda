using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>
/// global_defs vrrp_startup_delay (keepalived vrrp_init_instance_sands): until the delay ends every backup's down
/// timer runs from the end of the delay, so no instance becomes master before delay + Master_Down_Interval, even
/// one that hears a master's advert meanwhile, and even the address owner; afterwards timers run as usual.
/// </summary>
public class StartupDelayTests
{
    private static readonly TimeSpan s_mdi100 = TimeSpan.FromMicroseconds(3_609_375);

    [Fact]
    public void Startup_DuringDelay_DownTimerRunsFromTheDelaysEnd()
    {
        var h = Create();
        h.Router.StartupDelayUntil = Seconds(30);

        h.Step(RouterInput.Startup, Seconds(10));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(30) + s_mdi100, h.Router.NextDeadline);
        h.Step(RouterInput.DeadlineReached, Seconds(30));
        Assert.Equal(RouterState.Backup, h.Router.State);
        h.Step(RouterInput.DeadlineReached, Seconds(30) + s_mdi100);
        Assert.Equal(RouterState.Master, h.Router.State);
    }

    [Fact]
    public void AdvertDuringDelay_RestartsTheTimerFromTheDelaysEnd_AfterItFromNow()
    {
        var h = Create();
        h.Router.StartupDelayUntil = Seconds(30);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(150, High, Seconds(20));
        Assert.Equal(Seconds(30) + h.Router.MasterDownInterval, h.Router.NextDeadline);

        h.Advert(150, High, Seconds(31));
        Assert.Equal(Seconds(31) + h.Router.MasterDownInterval, h.Router.NextDeadline);
    }

    [Fact]
    public void PriorityZeroDuringDelay_TakesOverOnlySkewTimeAfterTheDelay()
    {
        var h = Create();
        h.Router.StartupDelayUntil = Seconds(30);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(0, High, Seconds(5));

        Assert.Equal(Seconds(30) + h.Router.SkewTime, h.Router.NextDeadline);
    }

    [Fact]
    public void AddressOwnerWithStateMaster_WaitsAsBackupUntilTheDelayEnds()
    {
        var h = new RouterHarness(Options(priority: 255) with { InitialState = RouterState.Master });
        h.Router.StartupDelayUntil = Seconds(30);

        h.Step(RouterInput.Startup, Seconds(1));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(30), h.Router.NextDeadline);
        h.RunToDeadline();
        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal(TransitionReasonKind.AddressOwnerStartup, h.StateChange().Reason.Kind);
    }

    [Fact]
    public void NoDelay_OwnerBecomesMasterAtOnce()
    {
        var h = new RouterHarness(Options(priority: 255) with { InitialState = RouterState.Master });

        h.Step(RouterInput.Startup, Seconds(1));

        Assert.Equal(RouterState.Master, h.Router.State);
    }
}
