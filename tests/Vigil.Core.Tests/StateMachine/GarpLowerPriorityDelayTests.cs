using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.StateMachine.RouterHarness;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>
/// garp_lower_prio_delay as keepalived 2.2.7's vrrp_state_master_rx: a master hearing a lower priority sends
/// garp_lower_prio_repeat GARPs at once and, when the delay is not 0, the same burst again that long after
/// (vrrp_lower_prio_gratuitous_arp_thread). The delay defaults to garp_master_delay (5 s).
/// </summary>
public class GarpLowerPriorityDelayTests
{
    /// <summary>Runs the router's deadlines up to <paramref name="until"/> and returns (time, count) of each GARP burst.</summary>
    private static List<(TimeSpan At, int Count)> BurstsUntil(RouterHarness h, TimeSpan until)
    {
        var bursts = new List<(TimeSpan, int)>();
        while (h.Router.NextDeadline is TimeSpan due && due <= until)
        {
            h.RunToDeadline();
            bursts.AddRange(h.Actions.Where(a => a.Kind == RouterActionKind.SendGratuitousArpBurst).Select(a => (due, a.Count)));
        }

        return bursts;
    }

    private static List<(TimeSpan At, int Count)> Bursts(RouterHarness h, TimeSpan at) =>
        [.. h.Actions.Where(a => a.Kind == RouterActionKind.SendGratuitousArpBurst).Select(a => (at, a.Count))];

    [Fact]
    public void Step_MasterHearsLowerPriority_SendsBurstAtOnceAndAgainAfterGarpLowerPrioDelay()
    {
        var h = new RouterHarness(Options() with { GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityRepeat = 3, GarpLowerPriorityDelay = Seconds(2) });
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));
        var bursts = Bursts(h, became + Seconds(0.5));
        bursts.AddRange(BurstsUntil(h, became + Seconds(10)));

        Assert.Equal([(became + Seconds(0.5), 3), (became + Seconds(2.5), 3)], bursts);
    }

    [Fact]
    public void Step_DefaultOptions_SecondLowerPriorityBurstFiveSecondsLaterLikeGarpMasterDelay()
    {
        // keepalived: vrrp_garp_lower_prio_delay unset = vrrp_garp_master_delay (5 s). Vigil sent only the first burst before.
        var h = Create();
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));
        var bursts = Bursts(h, became + Seconds(0.5));
        bursts.AddRange(BurstsUntil(h, became + Seconds(10)));

        // The garp_master_delay burst at +5 s (5 GARPs), then the lower-priority one at +5.5 s.
        Assert.Equal([(became + Seconds(0.5), 5), (became + Seconds(5), 5), (became + Seconds(5.5), 5)], bursts);
    }

    [Fact]
    public void Step_GarpLowerPrioDelayZero_OnlyTheImmediateBurst()
    {
        var h = new RouterHarness(Options() with { GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityDelay = TimeSpan.Zero });
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));
        var bursts = Bursts(h, became + Seconds(0.5));
        bursts.AddRange(BurstsUntil(h, became + Seconds(20)));

        Assert.Equal([(became + Seconds(0.5), 5)], bursts);
    }

    [Fact]
    public void Step_GarpLowerPrioRepeatZero_NoBurstAndNoDelayedOne()
    {
        var h = new RouterHarness(Options() with { GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityRepeat = 0, GarpLowerPriorityDelay = Seconds(2) });
        TimeSpan became = h.StartAsMaster();

        h.Advert(50, High, became + Seconds(0.5));
        var bursts = Bursts(h, became + Seconds(0.5));
        bursts.AddRange(BurstsUntil(h, became + Seconds(10)));

        Assert.Empty(bursts);
    }

    [Fact]
    public void Step_LeavesMasterBeforeTheDelay_DelayedBurstNotSent()
    {
        // keepalived's delayed thread finds no VIPs set once the instance left MASTER, so it sends nothing.
        var h = new RouterHarness(Options() with { GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityDelay = Seconds(2) });
        TimeSpan became = h.StartAsMaster();
        h.Advert(50, High, became + Seconds(0.5));

        h.Advert(200, High, became + Seconds(1));
        Assert.Equal(RouterState.Backup, h.Router.State);
        h.Advert(200, High, became + Seconds(2));

        Assert.Equal(became + Seconds(2) + h.Router.MasterDownInterval, h.Router.NextDeadline);
    }

    [Fact]
    public void Step_TwoAnswersBeforeTheDelay_EachGetsItsDelayedBurst()
    {
        var h = new RouterHarness(Options() with { GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityRepeat = 2, GarpLowerPriorityDelay = Seconds(3) });
        TimeSpan became = h.StartAsMaster();
        var bursts = new List<(TimeSpan At, int Count)>();

        h.Advert(50, High, became + Seconds(0.5));
        bursts.AddRange(Bursts(h, became + Seconds(0.5)));
        bursts.AddRange(BurstsUntil(h, became + Seconds(1.7)));
        h.Advert(50, High, became + Seconds(1.7));
        bursts.AddRange(Bursts(h, became + Seconds(1.7)));
        bursts.AddRange(BurstsUntil(h, became + Seconds(10)));

        Assert.Equal([(became + Seconds(0.5), 2), (became + Seconds(1.7), 2), (became + Seconds(3.5), 2), (became + Seconds(4.7), 2)], bursts);
    }

    [Fact]
    public void Step_SyncGroupMemberHearsLowerPriority_OtherMasterMemberAlsoSendsItsDelayedBurst()
    {
        var actions = new List<RouterAction>();
        var a = new VirtualRouter(Options() with { Name = "VI_A", VirtualRouterId = 1, GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityDelay = Seconds(2) });
        var b = new VirtualRouter(Options() with { Name = "VI_B", VirtualRouterId = 2, GarpMasterDelay = TimeSpan.Zero, GarpLowerPriorityDelay = Seconds(4) });
        var group = new SyncGroup("G1");
        group.Add(a);
        group.Add(b);
        a.Step(RouterInput.Startup, TimeSpan.Zero, actions);
        b.Step(RouterInput.Startup, TimeSpan.Zero, actions);
        TimeSpan t = a.NextDeadline!.Value;
        a.Step(RouterInput.DeadlineReached, t, actions);
        b.Step(RouterInput.DeadlineReached, b.NextDeadline!.Value, actions);
        Assert.Equal((RouterState.Master, RouterState.Master), (a.State, b.State));

        actions.Clear();
        TimeSpan heard = t + Seconds(0.5);
        a.Step(RouterInput.Advertisement(50, 100, High), heard, actions);
        Assert.Equal(2, actions.Count(x => x.Kind == RouterActionKind.SendGratuitousArpBurst));

        actions.Clear();
        b.Step(RouterInput.DeadlineReached, heard + Seconds(4), actions);
        Assert.Single(actions, x => x.Kind == RouterActionKind.SendGratuitousArpBurst && x.Router == b);
    }
}
