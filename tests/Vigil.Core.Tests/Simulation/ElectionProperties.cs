using CsCheck;
using Vigil.Core.Simulation;
using Vigil.Core.StateMachine;
using static Vigil.Core.Tests.Simulation.SimulationBuilders;

namespace Vigil.Core.Tests.Simulation;

/// <summary>
/// Properties over thousands of seeded random scenarios. Every failure message names the
/// scenario seed; <c>ChaosScenario.Run(seed)</c> replays it exactly.
/// </summary>
public class ElectionProperties
{
    private static readonly Gen<int> s_seeds = Gen.Int[1, int.MaxValue];

    [Fact]
    public void Chaos_AfterNetworkStableLongerThanMasterDownInterval_ExactlyOneRightfulMasterPerVrid() =>
        s_seeds.Sample(seed =>
        {
            ChaosScenario s = ChaosScenario.Run(seed);
            foreach (VridSpec vrid in s.Vrids)
            {
                CheckSettledElection(s, vrid);
            }
        }, iter: 1500);

    [Fact]
    public void Chaos_EveryTransition_HasACauseThatHappened() =>
        s_seeds.Sample(seed =>
        {
            ChaosScenario s = ChaosScenario.Run(seed);
            foreach (TransitionRecord t in s.Lan.Transitions)
            {
                string? problem = CauseProblem(s, t);
                Assert.True(problem is null, $"seed {seed}: {t.Node}/{t.Instance} {t.From}->{t.To} at {t.Time} ({t.Reason}): {problem}");
            }
        }, iter: 1000);

    [Fact]
    public void Crash_OfTheMaster_BackupTakesOverWithinMasterDownIntervalOfItsLastAdvert() =>
        s_seeds.Sample(seed =>
        {
            var rng = new Random(seed);
            int version = rng.Next(2) == 0 ? 2 : 3;
            TimeSpan interval = version == 2 ? Seconds(1) : Seconds(new[] { 1, 0.5, 0.1 }[rng.Next(3)]);
            var lan = new SimulatedLan(seed) { RecordTraffic = true };
            lan.DefaultLink = new LinkConditions
            {
                Delay = TimeSpan.FromMicroseconds(rng.Next(0, 20_000)),
                Jitter = TimeSpan.FromMicroseconds(rng.Next(0, 10_000)),
            };
            int nodes = rng.Next(2, 5);
            int[] priorities = Enumerable.Range(1, 254).OrderBy(_ => rng.Next()).Take(nodes).ToArray();
            for (int n = 0; n < nodes; n++)
            {
                lan.AddNode($"n{n}", [Instance(n, priorities[n], version: version, advertSeconds: interval.TotalSeconds)]);
            }

            lan.StartAll();
            lan.RunUntil(Seconds(15));
            string master = Assert.Single(lan.MastersOf(51));
            TimeSpan crashAt = Seconds(15) + TimeSpan.FromTicks((long)(rng.NextDouble() * Seconds(10).Ticks));
            lan.At(crashAt, l => l.Crash(master));
            lan.RunUntil(crashAt + Seconds(10));

            TimeSpan lastAdvert = lan.Sent.Last(a => a.Node == master && a.Time <= crashAt).Time;
            TimeSpan worstDown = lan.Nodes.Where(n => n.Name != master)
                .Max(n => VrrpTimers.MasterDown(version, n.Instances[0].Router.Priority, interval));
            TimeSpan bound = lastAdvert + lan.DefaultLink.Delay + lan.DefaultLink.Jitter + worstDown;
            TransitionRecord? takeover = lan.Transitions.FirstOrDefault(t => t.Time > crashAt && t.To == RouterState.Master);
            Assert.True(takeover is not null && takeover.Time <= bound, $"seed {seed}: takeover {takeover?.Time} later than bound {bound}");
            string expected = lan.Nodes.Where(n => n.Name != master).MaxBy(n => n.Instances[0].Router.Priority)!.Name;
            Assert.True(lan.MastersOf(51).SequenceEqual([expected]), $"seed {seed}: masters {string.Join(",", lan.MastersOf(51))}, expected {expected}");
        }, iter: 1500);

    private static void CheckSettledElection(ChaosScenario s, VridSpec vrid)
    {
        string context = $"seed {s.Seed} vrid {vrid.Id} ({(vrid.Preempt ? "preempt" : "nopreempt")}, v{vrid.Version})";
        string instance = $"VI_{vrid.Id}";
        var late = s.Lan.Transitions.Where(t => t.VirtualRouterId == vrid.Id && t.Time > s.SettledBy).ToList();
        Assert.True(late.Count == 0, $"{context}: transitions after settling: {string.Join("; ", late)}");

        var running = s.Lan.Nodes.Where(n => n.Running).ToList();
        var masters = running.Where(n => n.Router(instance)!.State == RouterState.Master).ToList();
        if (running.Count == 0)
        {
            Assert.Empty(masters);
            return;
        }

        Assert.True(masters.Count == 1, $"{context}: masters [{string.Join(",", masters)}]");
        VirtualRouter winner = masters[0].Router(instance)!;
        int best = running.Max(n => n.Router(instance)!.EffectivePriority);
        if (vrid.Preempt)
        {
            Assert.True(winner.EffectivePriority == best, $"{context}: master {masters[0]} has priority {winner.EffectivePriority}, best is {best}");
        }

        // Masters that met after the network settled resolved by (priority, address): the winner
        // outranks every node that was master of this VRID at or after StableFrom (the incumbent rule).
        var contenders = s.Lan.Transitions
            .Where(t => t.VirtualRouterId == vrid.Id && t.To == RouterState.Master && t.Time >= s.StableFrom)
            .Select(t => t.Node)
            .Concat(MastersAt(s, vrid.Id, s.StableFrom))
            .Distinct()
            .Where(n => s.Lan.Node(n).Running)
            .Select(n => s.Lan.Node(n).Router(instance)!);
        foreach (VirtualRouter other in contenders)
        {
            bool outranked = (other.EffectivePriority, other.Options.PrimaryAddress).CompareTo((winner.EffectivePriority, winner.Options.PrimaryAddress)) > 0;
            Assert.False(outranked, $"{context}: {masters[0]} won although {other.Options.PrimaryAddress} (priority {other.EffectivePriority}) was master after the network settled");
        }
    }

    private static IEnumerable<string> MastersAt(ChaosScenario s, int vrid, TimeSpan at)
    {
        var masters = new HashSet<string>();
        foreach (TransitionRecord t in s.Lan.Transitions.Where(t => t.VirtualRouterId == vrid && t.Time <= at))
        {
            if (t.To == RouterState.Master)
            {
                masters.Add(t.Node);
            }
            else if (t.From == RouterState.Master)
            {
                masters.Remove(t.Node);
            }
        }

        return masters;
    }

    private static string? CauseProblem(ChaosScenario s, TransitionRecord t)
    {
        if (t.From == t.To)
        {
            return "transition to the same state";
        }

        VridSpec vrid = s.Vrids.Single(v => v.Id == t.VirtualRouterId);
        IEnumerable<AdvertRecord> received = s.Lan.Received.Where(r => r.Node == t.Node && r.VirtualRouterId == t.VirtualRouterId && r.Time <= t.Time);
        switch (t.Reason.Kind)
        {
            case TransitionReasonKind.Startup or TransitionReasonKind.AddressOwnerStartup:
                return t.From is RouterState.Initialize or RouterState.Stopped ? null : "startup from a running state";
            case TransitionReasonKind.Shutdown or TransitionReasonKind.NodeCrashed:
                return t.To == RouterState.Stopped ? null : "shutdown into a running state";
            case TransitionReasonKind.MasterDownTimerExpired:
                // No advert that a backup must honour arrived within the last 3 advert intervals.
                TimeSpan since = t.Time - (3 * vrid.Interval);
                bool heard = received.Any(r => r.Time > since && r.State == RouterState.Backup && r.Priority > 0
                    && (!vrid.Preempt || r.Priority >= r.OwnPriority));
                return t.From == RouterState.Backup && t.To == RouterState.Master && !heard ? null : "took over although the master was heard";
            case TransitionReasonKind.MasterReleased:
                return received.Any(r => r.Priority == 0 && r.Time >= t.Time - vrid.Interval - Seconds(1)) ? null : "no priority 0 received";
            case TransitionReasonKind.PreemptedLowerPriority:
                return received.Any(r => r.Priority == t.Reason.Priority && r.Priority < r.OwnPriority) && vrid.Preempt ? null : "no lower priority advert to preempt";
            case TransitionReasonKind.HigherPriorityReceived or TransitionReasonKind.EqualPriorityHigherAddress:
                return received.Any(r => r.Time == t.Time && r.State == RouterState.Master && r.Priority == t.Reason.Priority && r.Priority >= r.OwnPriority)
                    ? null : "no such advert received at that moment";
            default:
                return $"unexpected reason kind {t.Reason.Kind}";
        }
    }
}
