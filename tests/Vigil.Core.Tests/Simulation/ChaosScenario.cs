using Vigil.Core.Simulation;
using static Vigil.Core.Tests.Simulation.SimulationBuilders;

namespace Vigil.Core.Tests.Simulation;

/// <summary>
/// One random cluster and fault schedule, derived entirely from a seed: 2–4 nodes, 1–2 VRIDs
/// (v2 or v3, preempt or nopreempt), a chaos phase (loss, delay, jitter, duplication, cuts,
/// partitions, crashes, graceful stops, restarts, priority changes, wall-clock steps), then a
/// stable network until <see cref="End"/>.
/// </summary>
internal sealed class ChaosScenario
{
    private const int MaxChaosEvents = 12;

    private ChaosScenario(int seed)
    {
        Seed = seed;
        var rng = new Random(seed);
        int nodeCount = rng.Next(2, 5);
        int vridCount = rng.Next(1, 3);
        for (int v = 0; v < vridCount; v++)
        {
            int version = rng.Next(2) == 0 ? 2 : 3;
            double interval = version == 2 ? 1 : new[] { 1, 0.5, 0.2 }[rng.Next(3)];
            Vrids.Add(new VridSpec(10 + v, version, Seconds(interval), rng.NextDouble() < 0.6));
        }

        NodeNames = Enumerable.Range(0, nodeCount).Select(i => $"n{i}").ToArray();
        Lan = new SimulatedLan(seed) { RecordTraffic = true };
        for (int n = 0; n < nodeCount; n++)
        {
            int node = n;
            Lan.AddNode(NodeNames[n], Vrids.Select(v => Instance(
                node, rng.Next(1, 255), v.Id, v.Version, v.Interval.TotalSeconds, v.Preempt, name: $"VI_{v.Id}")));
        }

        StableFrom = Seconds(rng.Next(5, 60));
        int events = rng.Next(0, MaxChaosEvents + 1);
        for (int i = 0; i < events; i++)
        {
            ScheduleChaos(rng, TimeSpan.FromTicks((long)(rng.NextDouble() * StableFrom.Ticks)));
        }

        TimeSpan stableDelay = TimeSpan.FromMicroseconds(rng.Next(0, 5_000));
        TimeSpan stableJitter = TimeSpan.FromMicroseconds(rng.Next(0, 2_000));
        double restartChance = rng.NextDouble();
        var restart = NodeNames.Where(_ => rng.NextDouble() < restartChance).ToArray();
        Lan.At(StableFrom, lan =>
        {
            lan.Heal();
            lan.ResetLinks();
            lan.DefaultLink = new LinkConditions { Delay = stableDelay, Jitter = stableJitter };
            foreach (string name in restart)
            {
                lan.Start(name);
            }
        });

        TimeSpan longest = Vrids.Max(v => v.Interval);
        // Master_Down_Interval ≤ 4 × interval; add one interval for the winner's first advert and
        // slack for packets still in flight from the chaos phase (delay + jitter ≤ 0.5 s).
        SettledBy = StableFrom + (5 * longest) + Seconds(1);
        End = SettledBy + (10 * longest);
        Lan.StartAll();
        Lan.RunUntil(End);
    }

    public int Seed { get; }

    public SimulatedLan Lan { get; }

    public List<VridSpec> Vrids { get; } = [];

    public string[] NodeNames { get; }

    public TimeSpan StableFrom { get; }

    public TimeSpan SettledBy { get; }

    public TimeSpan End { get; }

    public static ChaosScenario Run(int seed) => new(seed);

    private void ScheduleChaos(Random rng, TimeSpan at)
    {
        string a = NodeNames[rng.Next(NodeNames.Length)];
        string b = NodeNames[rng.Next(NodeNames.Length)];
        switch (rng.Next(11))
        {
            case 0:
                var link = new LinkConditions
                {
                    Loss = rng.NextDouble() * 0.6,
                    Duplicate = rng.NextDouble() * 0.3,
                    Delay = TimeSpan.FromMilliseconds(rng.Next(0, 200)),
                    Jitter = TimeSpan.FromMilliseconds(rng.Next(0, 300)),
                };
                if (a != b)
                {
                    Lan.At(at, lan => lan.SetLink(a, b, link));
                }

                break;
            case 1:
                var all = new LinkConditions { Loss = rng.NextDouble() * 0.5, Jitter = TimeSpan.FromMilliseconds(rng.Next(0, 300)) };
                Lan.At(at, lan => lan.DefaultLink = all);
                break;
            case 2:
                Lan.At(at, lan => lan.Cut(a, b));
                break;
            case 3:
                var side = NodeNames.Where(_ => rng.Next(2) == 0).ToArray();
                Lan.At(at, lan => lan.Partition(side));
                break;
            case 4:
                Lan.At(at, lan => lan.Heal());
                break;
            case 5:
                Lan.At(at, lan => lan.Crash(a));
                break;
            case 6:
                Lan.At(at, lan => lan.Stop(a));
                break;
            case 7:
            case 8:
                Lan.At(at, lan => lan.Start(a));
                break;
            case 9:
                int priority = rng.Next(1, 255);
                string instance = $"VI_{Vrids[rng.Next(Vrids.Count)].Id}";
                Lan.At(at, lan => lan.SetPriority(a, instance, priority));
                break;
            default:
                var step = TimeSpan.FromSeconds(rng.Next(-86_400, 86_400));
                Lan.At(at, lan => lan.StepWallClock(a, step));
                break;
        }
    }

    public override string ToString() => $"seed {Seed}";
}

internal sealed record VridSpec(int Id, int Version, TimeSpan Interval, bool Preempt);
