using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>
/// Startup with the moment the instance's receive path opened (issue 13): the initial BACKUP's Master_Down timer
/// counts from then, as keepalived starts each instance's timer as it initialises it, not from the (later) moment
/// the whole daemon is set up. Adverts that arrived meanwhile wait in the socket and restart the timer when handled.
/// </summary>
public class StartupListeningSinceTests
{
    private static readonly TimeSpan s_mdi100 = TimeSpan.FromMicroseconds(3_609_375);

    [Fact]
    public void Startup_ListeningSinceEarlier_DownTimerCountsFromThen()
    {
        var h = Create();

        h.Step(RouterInput.StartupListeningSince(Seconds(1)), Seconds(1.2));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(1) + s_mdi100, h.Router.NextDeadline);
        h.RunToDeadline();
        Assert.Equal(RouterState.Master, h.Router.State);
    }

    [Fact]
    public void Startup_ListeningSinceInTheFuture_CountsFromNow()
    {
        var h = Create();

        h.Step(RouterInput.StartupListeningSince(Seconds(5)), Seconds(2));

        Assert.Equal(Seconds(2) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void AdvertHandledAfterAnEarlyStart_RestartsTheTimerFromItsHandling()
    {
        var h = Create();
        h.Step(RouterInput.StartupListeningSince(Seconds(1)), Seconds(1.2));

        h.Advert(150, High, Seconds(1.3)); // queued in the socket while the daemon was still setting up

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(1.3) + h.Router.MasterDownInterval, h.Router.NextDeadline);
    }

    [Fact]
    public void Startup_ListeningSinceDuringTheStartupDelay_TimerStillRunsFromTheDelaysEnd()
    {
        var h = Create();
        h.Router.StartupDelayUntil = Seconds(30);

        h.Step(RouterInput.StartupListeningSince(Seconds(1)), Seconds(2));

        Assert.Equal(Seconds(30) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Startup_ListeningSinceAsAddressOwner_IsMasterAtOnce()
    {
        var h = new RouterHarness(Options(priority: 255) with { InitialState = RouterState.Master });

        h.Step(RouterInput.StartupListeningSince(Seconds(1)), Seconds(2));

        Assert.Equal(RouterState.Master, h.Router.State);
    }

    [Fact]
    public void Startup_PlainStartup_CountsFromNow()
    {
        var h = Create();

        h.Step(RouterInput.Startup, Seconds(2));

        Assert.Equal(Seconds(2) + s_mdi100, h.Router.NextDeadline);
    }
}
