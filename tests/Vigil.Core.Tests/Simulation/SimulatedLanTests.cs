using Vigil.Core.Protocol;
using Vigil.Core.Simulation;
using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.Simulation.SimulationBuilders;

namespace Vigil.Core.Tests.Simulation;

public class SimulatedLanTests
{
    private static SimulatedLan Pair(int seed = 1, string? masterPassword = "1111", string? backupPassword = "1111")
    {
        var lan = new SimulatedLan(seed);
        lan.AddNode("master", [Instance(0, 100, password: masterPassword)]);
        lan.AddNode("backup", [Instance(1, 90, password: backupPassword)]);
        lan.StartAll();
        return lan;
    }

    [Fact]
    public void RunUntil_CleanPair_HigherPriorityIsTheOnlyMaster()
    {
        SimulatedLan lan = Pair();

        lan.RunUntil(Seconds(30));

        Assert.Equal(["master"], lan.MastersOf(51));
        TransitionRecord toMaster = Assert.Single(lan.Transitions, t => t.To == RouterState.Master);
        Assert.Equal(TimeSpan.FromMicroseconds(3_609_375), toMaster.Time);
    }

    [Fact]
    public void RunUntil_MasterCrashes_BackupTakesOverMasterDownIntervalAfterLastAdvert()
    {
        SimulatedLan lan = Pair();
        lan.RecordTraffic = true;
        lan.At(Seconds(10), l => l.Crash("master"));

        lan.RunUntil(Seconds(30));

        TimeSpan lastAdvert = lan.Sent.Last(a => a.Node == "master").Time;
        TransitionRecord takeover = lan.Transitions.Single(t => t.Node == "backup" && t.To == RouterState.Master);
        TimeSpan arrival = lastAdvert + LinkConditions.Clean.Delay;
        Assert.Equal(arrival + VrrpTimers.MasterDown(2, 90, Seconds(1)), takeover.Time);
        Assert.Equal(TransitionReasonKind.MasterDownTimerExpired, takeover.Reason.Kind);
    }

    [Fact]
    public void RunUntil_MasterStopsGracefully_BackupTakesOverAfterSkewTime()
    {
        SimulatedLan lan = Pair();
        lan.At(Seconds(10), l => l.Stop("master"));

        lan.RunUntil(Seconds(30));

        TransitionRecord takeover = lan.Transitions.Single(t => t.Node == "backup" && t.To == RouterState.Master);
        Assert.Equal(Seconds(10) + LinkConditions.Clean.Delay + TimeSpan.FromMicroseconds(648_437), takeover.Time);
        Assert.Equal(TransitionReasonKind.MasterReleased, takeover.Reason.Kind);
    }

    [Fact]
    public void RunUntil_AuthenticationDiffers_BothBecomeMasterAndSplitBrainIsFound()
    {
        SimulatedLan lan = Pair(masterPassword: null, backupPassword: "1111");

        lan.RunUntil(Seconds(30));

        Assert.Equal(["master", "backup"], lan.MastersOf(51));
        Assert.True(lan.Counters.Rejected[DropReason.AuthTypeMismatch] > 0);
        MasterOverlap overlap = Assert.Single(MastershipAnalysis.FindSplitBrains(lan.Transitions, lan.Now, _ => Seconds(1)));
        Assert.Equal(2, overlap.Nodes.Count);
    }

    [Fact]
    public void RunUntil_PartitionHeals_LowerPriorityStepsDownAgain()
    {
        SimulatedLan lan = Pair();
        lan.At(Seconds(10), l => l.Cut("master", "backup"));
        lan.At(Seconds(20), l => l.Heal());

        lan.RunUntil(Seconds(30));

        Assert.Equal(["master"], lan.MastersOf(51));
        TransitionRecord stepDown = lan.Transitions.Last(t => t.Node == "backup");
        Assert.Equal((RouterState.Master, RouterState.Backup, TransitionReasonKind.HigherPriorityReceived), (stepDown.From, stepDown.To, stepDown.Reason.Kind));
        Assert.Single(MastershipAnalysis.FindSplitBrains(lan.Transitions, lan.Now, _ => Seconds(1)));
    }

    [Fact]
    public void RunUntil_OrderlyHandover_IsNotSplitBrain()
    {
        var lan = new SimulatedLan(3);
        lan.AddNode("a", [Instance(0, 100)]);
        lan.AddNode("b", [Instance(1, 90)]);
        lan.StartAll();
        lan.At(Seconds(10), l => l.SetPriority("b", "VI_1", 150));

        lan.RunUntil(Seconds(30));

        Assert.Equal(["b"], lan.MastersOf(51));
        Assert.Empty(MastershipAnalysis.FindSplitBrains(lan.Transitions, lan.Now, _ => Seconds(1)));
    }

    [Fact]
    public void RunUntil_SameSeedWithLossAndJitter_GivesTheSameTimeline()
    {
        static List<TransitionRecord> Run()
        {
            SimulatedLan lan = Pair(seed: 42);
            lan.DefaultLink = new LinkConditions { Loss = 0.4, Jitter = Seconds(0.3), Duplicate = 0.1 };
            lan.RunUntil(Seconds(120));
            return lan.Transitions;
        }

        List<TransitionRecord> first = Run();

        Assert.True(first.Count > 2);
        Assert.Equal(first, Run());
    }

    [Fact]
    public void RunUntil_WallClockSteps_ChangeNothingButTheWallTimes()
    {
        static List<(TimeSpan, string, RouterState)> Run(bool stepClocks)
        {
            SimulatedLan lan = Pair(seed: 7);
            lan.DefaultLink = new LinkConditions { Loss = 0.3 };
            if (stepClocks)
            {
                lan.At(Seconds(5), l => l.StepWallClock("master", TimeSpan.FromHours(-3)));
                lan.At(Seconds(6), l => l.StepWallClock("backup", TimeSpan.FromDays(1)));
            }

            lan.At(Seconds(20), l => l.Crash("master"));
            lan.RunUntil(Seconds(60));
            return lan.Transitions.Select(t => (t.Time, t.Node, t.To)).ToList();
        }

        Assert.Equal(Run(stepClocks: false), Run(stepClocks: true));
    }

    [Fact]
    public void RunUntil_RestartedHigherPriorityNode_PreemptsAgain()
    {
        SimulatedLan lan = Pair();
        lan.At(Seconds(10), l => l.Crash("master"));
        lan.At(Seconds(20), l => l.Start("master"));

        lan.RunUntil(Seconds(40));

        Assert.Equal(["master"], lan.MastersOf(51));
        TransitionRecord preempt = lan.Transitions.Last(t => t.Node == "master" && t.To == RouterState.Master);
        Assert.Equal(TransitionReasonKind.PreemptedLowerPriority, preempt.Reason.Kind);
    }

    [Fact]
    public void RunUntil_Nopreempt_RestartedHigherPriorityNodeStaysBackup()
    {
        var lan = new SimulatedLan(1);
        lan.AddNode("a", [Instance(0, 100, preempt: false)]);
        lan.AddNode("b", [Instance(1, 90, preempt: false)]);
        lan.StartAll();
        lan.At(Seconds(10), l => l.Crash("a"));
        lan.At(Seconds(20), l => l.Start("a"));

        lan.RunUntil(Seconds(40));

        Assert.Equal(["b"], lan.MastersOf(51));
    }

    [Fact]
    public void RunUntil_V3FastAdverts_BackupLearnsIntervalAndTakesOverQuickly()
    {
        var lan = new SimulatedLan(1);
        lan.AddNode("a", [Instance(0, 200, version: 3, advertSeconds: 0.1)]);
        lan.AddNode("b", [Instance(1, 100, version: 3, advertSeconds: 1)]);
        lan.StartAll();
        lan.RecordTraffic = true;
        lan.At(Seconds(10), l => l.Crash("a"));

        lan.RunUntil(Seconds(20));

        TimeSpan last = lan.Sent.Last(s => s.Node == "a").Time;
        TransitionRecord takeover = lan.Transitions.Single(t => t.Node == "b" && t.To == RouterState.Master);
        Assert.Equal(last + LinkConditions.Clean.Delay + TimeSpan.FromMicroseconds(300_000 + 60_937), takeover.Time);
    }

    [Fact]
    public void RunUntil_SyncGroupMemberLosesMaster_WholeGroupMovesTogether()
    {
        static SimulatedInstance Member(int node, int priority, int vrid, string name) =>
            Instance(node, priority, vrid: vrid, name: name) with { SyncGroup = "G" };

        var lan = new SimulatedLan(1);
        lan.AddNode("a", [Member(0, 100, 1, "VI_1"), Member(0, 100, 2, "VI_2")]);
        lan.AddNode("b", [Member(1, 90, 1, "VI_1"), Member(1, 90, 2, "VI_2")]);
        lan.StartAll();
        lan.At(Seconds(10), l => l.Input("a", "VI_2", RouterInput.TrackerFault("chk")));

        lan.RunUntil(Seconds(20));

        Assert.Equal(["b"], lan.MastersOf(1));
        Assert.Equal(["b"], lan.MastersOf(2));
    }
}
