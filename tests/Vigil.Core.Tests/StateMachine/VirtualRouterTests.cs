using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

public class VirtualRouterTests
{
    private static readonly TimeSpan s_mdi100 = TimeSpan.FromMicroseconds(3_609_375);

    [Fact]
    public void Step_Startup_EntersBackupWithMasterDownDeadline()
    {
        var h = Create();

        h.Step(RouterInput.Startup, Seconds(10));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(10) + s_mdi100, h.Router.NextDeadline);
        RouterAction change = h.StateChange();
        Assert.Equal((RouterState.Initialize, RouterState.Backup, TransitionReasonKind.Startup), (change.From, change.To, change.Reason.Kind));
    }

    [Fact]
    public void Step_BackupDeadlineReached_BecomesMasterAndAnnounces()
    {
        var h = Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Step(RouterInput.DeadlineReached, s_mdi100);

        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal(
            [RouterActionKind.StateChanged, RouterActionKind.SendAdvertisement, RouterActionKind.AddVirtualAddresses, RouterActionKind.SendGratuitousArpBurst, RouterActionKind.RunNotify],
            h.Kinds());
        Assert.Equal(100, h.Actions[1].Priority);
        Assert.Equal(5, h.Actions[3].Count);
        Assert.Equal(TransitionReasonKind.MasterDownTimerExpired, h.StateChange().Reason.Kind);
        Assert.Equal(s_mdi100 + Seconds(1), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_DeadlineBeforeItIsDue_DoesNothing()
    {
        var h = Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Step(RouterInput.DeadlineReached, Seconds(1));

        Assert.Empty(h.Actions);
        Assert.Equal(RouterState.Backup, h.Router.State);
    }

    [Fact]
    public void Step_MasterAdvertTimer_SendsAdvertEveryInterval()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        TimeSpan t = h.RunToDeadline();

        Assert.Equal(became + Seconds(1), t);
        Assert.Equal([RouterActionKind.SendAdvertisement], h.Kinds());
        Assert.Equal(became + Seconds(2), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterLateWakeUps_AdvertsStayOnTheAbsoluteGrid()
    {
        var h = new RouterHarness(RouterHarness.Options(version: 3) with { AdvertInterval = TimeSpan.FromMilliseconds(10) });
        TimeSpan became = h.StartAsMaster();
        TimeSpan interval = TimeSpan.FromMilliseconds(10);

        // 1000 periods, each handled 0.3 ms late (a wake-up latency): no deadline moves later.
        for (int period = 1; period <= 1000; period++)
        {
            TimeSpan due = h.Router.NextDeadline!.Value;
            Assert.Equal(became + (interval * period), due);
            h.Step(RouterInput.DeadlineReached, due + TimeSpan.FromMicroseconds(300));
            Assert.Single(h.Actions, a => a.Kind == RouterActionKind.SendAdvertisement);
        }

        Assert.Equal(became + (interval * 1001), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterWakesMoreThanAnIntervalLate_SkipsMissedSlotsWithoutBurstKeepingThePhase()
    {
        var h = new RouterHarness(RouterHarness.Options(version: 3) with { AdvertInterval = TimeSpan.FromMilliseconds(10) });
        TimeSpan became = h.StartAsMaster();

        // Woken 35 ms late: one advert now, the next on the grid (became + 50 ms), not 10 ms after the wake-up.
        h.Step(RouterInput.DeadlineReached, became + TimeSpan.FromMilliseconds(45));

        Assert.Equal([RouterActionKind.SendAdvertisement], h.Kinds());
        Assert.Equal(became + TimeSpan.FromMilliseconds(50), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterGarpDelay_SendsSecondBurstFiveSecondsAfterBecomingMaster()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();
        var bursts = new List<TimeSpan>();

        for (int i = 0; i < 6; i++)
        {
            TimeSpan t = h.RunToDeadline();
            if (h.Actions.Any(a => a.Kind == RouterActionKind.SendGratuitousArpBurst))
            {
                bursts.Add(t);
            }
        }

        Assert.Equal([became + Seconds(5)], bursts);
    }

    [Fact]
    public void Step_OwnerWithStateMasterStartup_BecomesMasterAtOnce()
    {
        var h = new RouterHarness(Options(priority: 255) with { InitialState = RouterState.Master });

        h.Step(RouterInput.Startup, TimeSpan.Zero);

        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal(TransitionReasonKind.AddressOwnerStartup, h.Actions[0].Reason.Kind);
    }

    [Fact]
    public void Step_NonOwnerWithStateMasterStartup_WaitsAsBackupLikeKeepalived()
    {
        var h = new RouterHarness(Options(priority: 100) with { InitialState = RouterState.Master });

        h.Step(RouterInput.Startup, TimeSpan.Zero);

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_BackupHearsHigherPriority_RestartsMasterDownTimer()
    {
        var h = Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(150, High, Seconds(2));

        Assert.Empty(h.Actions);
        Assert.Equal(Seconds(2) + s_mdi100, h.Router.NextDeadline);
        Assert.Equal(High, h.Router.MasterAddress);
    }

    [Fact]
    public void Step_BackupHearsPriorityZero_TakesOverAfterSkewTime()
    {
        var h = Create(priority: 90);
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        h.Advert(100, High, Seconds(1));

        h.Advert(0, High, Seconds(2));
        TimeSpan t = h.RunToDeadline();

        Assert.Equal(Seconds(2) + TimeSpan.FromMicroseconds(648_437), t);
        Assert.Equal(RouterState.Master, h.Router.State);
        RouterAction change = h.StateChange();
        Assert.Equal(TransitionReasonKind.MasterReleased, change.Reason.Kind);
        Assert.Equal(High, change.Reason.Peer);
    }

    [Fact]
    public void Step_BackupWithPreemptHearsLowerPriority_DiscardsAndPreemptsWhenTimerExpires()
    {
        var h = Create(priority: 100);
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        h.Advert(120, High, Seconds(1));
        TimeSpan down = h.Router.NextDeadline!.Value;

        h.Advert(50, High, Seconds(2));

        Assert.Equal(down, h.Router.NextDeadline);
        h.RunToDeadline();
        RouterAction change = h.StateChange();
        Assert.Equal(TransitionReasonKind.PreemptedLowerPriority, change.Reason.Kind);
        Assert.Equal(50, change.Reason.Priority);
        Assert.Equal("preempted lower priority 50 from 192.0.2.3", change.Reason.ToString());
    }

    [Fact]
    public void Step_BackupWithNopreemptHearsLowerPriority_AcceptsTheStickyMaster()
    {
        var h = new RouterHarness(Options(priority: 100) with { Preempt = false });
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(50, High, Seconds(2));

        Assert.Equal(Seconds(2) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_BackupWithPreemptDelay_AcceptsLowerPriorityUntilTheDelayHasPassed()
    {
        var h = new RouterHarness(Options(priority: 100) with { PreemptDelay = Seconds(10) });
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        for (int s = 1; s <= 10; s++)
        {
            h.Advert(50, High, Seconds(s));
            Assert.Equal(Seconds(s) + s_mdi100, h.Router.NextDeadline);
        }

        h.Advert(50, High, Seconds(11));

        Assert.Equal(Seconds(10) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_V3BackupHearsOtherInterval_LearnsMasterAdverInterval()
    {
        var h = Create(priority: 100, version: 3);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(150, High, Seconds(1), intervalCentiseconds: 10);

        Assert.Equal(Seconds(0.1), h.Router.MasterAdvertInterval);
        Assert.Equal(Seconds(1) + TimeSpan.FromMicroseconds(300_000 + 60_937), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_V2BackupHearsOtherInterval_KeepsItsOwn()
    {
        var h = Create(priority: 100, version: 2);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(150, High, Seconds(1), intervalCentiseconds: 300);

        Assert.Equal(Seconds(1), h.Router.MasterAdvertInterval);
    }

    [Fact]
    public void Step_MasterHearsHigherPriority_StepsDownAndRemovesAddresses()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(150, Low, became + Seconds(0.5));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal([RouterActionKind.RemoveVirtualAddresses, RouterActionKind.StateChanged, RouterActionKind.RunNotify], h.Kinds());
        RouterAction change = h.StateChange();
        Assert.Equal("received higher priority 150 from 192.0.2.1", change.Reason.ToString());
        Assert.Equal(became + Seconds(0.5) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterWithHigherPrioSendAdvertHearsHigherPriority_SendsAnAdvertThenStepsDown()
    {
        var h = new RouterHarness(Options() with { HigherPrioritySendAdvert = true });
        TimeSpan became = h.StartAsMaster();

        h.Advert(150, Low, became + Seconds(0.5));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal([RouterActionKind.SendAdvertisement, RouterActionKind.RemoveVirtualAddresses, RouterActionKind.StateChanged, RouterActionKind.RunNotify], h.Kinds());
        Assert.Equal(100, h.Actions[0].Priority);
    }

    [Fact]
    public void Step_DownTimerAdverts_MasterDownIntervalCountsThatManyAdverts()
    {
        var h = new RouterHarness(Options() with { DownTimerAdverts = 5 });

        h.Step(RouterInput.Startup, TimeSpan.Zero);

        // 5 × 1 s + skew ((256 − 100) / 256 s), where the default 3 adverts give 3.609375 s.
        Assert.Equal(TimeSpan.FromMicroseconds(5_609_375), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterHearsEqualPriorityFromHigherAddress_StepsDown()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(100, High, became + Seconds(0.5));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(TransitionReasonKind.EqualPriorityHigherAddress, h.StateChange().Reason.Kind);
    }

    [Fact]
    public void Step_MasterHearsEqualPriorityFromLowerAddress_ReassertsWithAdvertAndGarp()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(100, Low, became + Seconds(0.5));

        Assert.Equal(RouterState.Master, h.Router.State);
        Assert.Equal([RouterActionKind.SendAdvertisement, RouterActionKind.SendGratuitousArpBurst], h.Kinds());
    }

    [Fact]
    public void Step_MasterHearsLowerPriority_ReassertsAndRestartsAdvertTimer()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));

        Assert.Equal([RouterActionKind.SendAdvertisement, RouterActionKind.SendGratuitousArpBurst], h.Kinds());
        Assert.Equal(became + Seconds(1.5), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterFloodedWithLowerPriorityAdverts_AnswersAtMostOncePerAdvertInterval()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();
        int answers = 0, garpBursts = 0;

        // 10,000 lower-priority adverts in 2 s (5k pps), from two sources: at most one forced answer per 1 s interval.
        for (int i = 0; i < 10_000; i++)
        {
            TimeSpan at = became + TimeSpan.FromTicks(i * TimeSpan.TicksPerMillisecond / 5);
            h.Advert(50, i % 2 == 0 ? High : Low, at);
            answers += h.Actions.Count(a => a.Kind == RouterActionKind.SendAdvertisement);
            garpBursts += h.Actions.Count(a => a.Kind == RouterActionKind.SendGratuitousArpBurst);
        }

        Assert.Equal(2, answers);
        Assert.Equal(2, garpBursts);
        Assert.Equal(9_998, h.Router.SuppressedLowerPriorityAnswers);
        Assert.Equal(RouterState.Master, h.Router.State);
    }

    [Fact]
    public void Step_MasterWithLowerPrioNoAdvertHearsLowerPriority_SendsOnlyGarp()
    {
        var h = new RouterHarness(Options() with { LowerPriorityNoAdvert = true, GarpLowerPriorityRepeat = 0 });
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));

        Assert.Empty(h.Actions);
        Assert.Equal(became + Seconds(1), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_MasterHearsPriorityZero_AnswersWithAdvertAtOnce()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(0, High, became + Seconds(0.25));

        Assert.Equal([RouterActionKind.SendAdvertisement], h.Kinds());
        Assert.Equal(became + Seconds(1.25), h.Router.NextDeadline);
    }

    [Fact]
    public void Step_TwoOwnersMeet_LocalBacksOffTo254AndStepsDown()
    {
        var h = new RouterHarness(Options(priority: 255) with { InitialState = RouterState.Master });
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Advert(255, Low, Seconds(0.5));

        Assert.Contains(h.Actions, a => a.Kind == RouterActionKind.OwnerConflict);
        Assert.Equal(254, h.Router.EffectivePriority);
        Assert.Equal(RouterState.Backup, h.Router.State);
    }

    [Fact]
    public void Step_ShutdownAsMaster_SendsPriorityZeroAndReleasesAddresses()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Step(RouterInput.Shutdown, became + Seconds(3));

        Assert.Equal(RouterState.Stopped, h.Router.State);
        Assert.Equal(0, h.Actions[0].Priority);
        Assert.Equal([RouterActionKind.SendAdvertisement, RouterActionKind.RemoveVirtualAddresses, RouterActionKind.StateChanged, RouterActionKind.RunNotify], h.Kinds());
        Assert.Null(h.Router.NextDeadline);
    }

    [Fact]
    public void Step_StartupAfterShutdown_StartsAgainAsBackup()
    {
        var h = Create();
        h.StartAsMaster();
        h.Step(RouterInput.Shutdown, Seconds(5));

        h.Step(RouterInput.Startup, Seconds(6));

        Assert.Equal(RouterState.Backup, h.Router.State);
    }

    [Fact]
    public void Step_TrackerFaultAsMaster_SendsPriorityZeroAndEntersFault()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Step(RouterInput.TrackerFault("chk_nginx"), became + Seconds(0.1));

        Assert.Equal(RouterState.Fault, h.Router.State);
        Assert.Equal(0, h.Actions[0].Priority);
        Assert.Equal("tracker chk_nginx failed", h.StateChange().Reason.ToString());
        Assert.Null(h.Router.NextDeadline);
    }

    [Fact]
    public void Step_FaultIgnoresAdverts_AndLeavesOnlyWhenEveryFaultCleared()
    {
        var h = Create();
        h.Step(RouterInput.Startup, TimeSpan.Zero);
        h.Step(RouterInput.InterfaceDown, Seconds(1));
        h.Step(RouterInput.TrackerFault("chk"), Seconds(1));

        h.Advert(0, High, Seconds(2));
        Assert.Empty(h.Actions);
        h.Step(RouterInput.InterfaceUp, Seconds(3));
        Assert.Equal(RouterState.Fault, h.Router.State);
        h.Step(RouterInput.TrackerRecovered("chk"), Seconds(4));

        Assert.Equal(RouterState.Backup, h.Router.State);
        Assert.Equal(Seconds(4) + s_mdi100, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_StartupWithInterfaceDown_EntersFault()
    {
        var h = Create();
        h.Step(RouterInput.InterfaceDown, TimeSpan.Zero);

        h.Step(RouterInput.Startup, TimeSpan.Zero);

        Assert.Equal(RouterState.Fault, h.Router.State);
        Assert.Equal(TransitionReasonKind.InterfaceDown, h.StateChange().Reason.Kind);
    }

    [Fact]
    public void Step_BackupPriorityRises_DeadlineMovesEarlierBySkewDifference()
    {
        var h = Create(priority: 100);
        h.Step(RouterInput.Startup, TimeSpan.Zero);

        h.Step(RouterInput.EffectivePriorityChanged(200), Seconds(1));

        Assert.Equal(200, h.Router.EffectivePriority);
        Assert.Equal(TimeSpan.FromMicroseconds(3_218_750), h.Router.NextDeadline);
    }

    [Theory]
    [InlineData(-20, 1)]
    [InlineData(300, 254)]
    public void Step_PriorityChangeOutOfRange_IsClampedTo1Through254(int total, int expected)
    {
        var h = Create();

        h.Step(RouterInput.EffectivePriorityChanged(total), TimeSpan.Zero);

        Assert.Equal(expected, h.Router.EffectivePriority);
    }

    [Fact]
    public void Step_OwnerPriorityChange_IsIgnored()
    {
        var h = Create(priority: 255);

        h.Step(RouterInput.EffectivePriorityChanged(100), TimeSpan.Zero);

        Assert.Equal(255, h.Router.EffectivePriority);
    }

    [Fact]
    public void Step_MasterPriorityLowered_NextAdvertCarriesIt()
    {
        var h = Create();
        h.StartAsMaster();

        h.Step(RouterInput.EffectivePriorityChanged(80), Seconds(4));
        h.RunToDeadline();

        Assert.Equal(80, Assert.Single(h.Actions).Priority);
    }

    [Fact]
    public void Step_GarpRefreshConfigured_SendsRefreshBurstOnAdvertTicks()
    {
        var h = new RouterHarness(Options() with { GarpMasterRefresh = Seconds(2), GarpMasterDelay = TimeSpan.Zero });
        h.StartAsMaster();

        h.RunToDeadline();
        Assert.DoesNotContain(h.Actions, a => a.Kind == RouterActionKind.SendGratuitousArpBurst);
        h.RunToDeadline();

        Assert.Contains(h.Actions, a => a.Kind == RouterActionKind.SendGratuitousArpBurst && a.Count == 1);
    }

    [Fact]
    public void Step_GarpExtraIfConfigured_SendsOneExtraInterfaceGarpEveryIntervalWhileMaster()
    {
        var h = new RouterHarness(Options() with { GarpExtraInterfaceInterval = Seconds(2), GarpMasterDelay = TimeSpan.Zero });
        h.StartAsMaster();
        Assert.DoesNotContain(h.Actions, a => a.Kind == RouterActionKind.SendExtraInterfaceGratuitousArp); // keepalived: first one an interval after becoming master

        int extra = 0;
        for (int tick = 0; tick < 6; tick++)
        {
            h.RunToDeadline();
            extra += h.Actions.Count(a => a.Kind == RouterActionKind.SendExtraInterfaceGratuitousArp && a.Count == 1);
        }

        Assert.Equal(3, extra); // six 1 s advert ticks, one every 2 s
    }

    [Fact]
    public void Step_SteppedDownMasterLaterTimesOut_ReasonNamesTheMasterItLastHeard()
    {
        var h = Create();
        TimeSpan became = h.StartAsMaster();
        h.Advert(150, High, became + Seconds(0.5));

        h.RunToDeadline();

        Assert.Equal("master down timer expired (last advert from 192.0.2.3 priority 150)", h.StateChange().Reason.ToString());
    }
}
