using CsCheck;
using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

public class EffectivePriorityTests
{
    private const string Seed = "0000iGFTylf1";

    private static TrackingOutcome Compute(int basePriority, params (TrackerBinding Binding, TrackerReading Reading)[] trackers)
    {
        var readings = trackers.ToDictionary(t => t.Binding.Key, t => t.Reading);
        return EffectivePriority.Compute(basePriority, trackers.Select(t => t.Binding).ToList(), k => readings[k]);
    }

    [Fact]
    public void Compute_SeedScenarioNginxDown_Is100Minus20()
    {
        var outcome = Compute(100, (new TrackerBinding(TrackerKey.Script("chk_nginx"), -20, false), TrackerReading.Down));
        Assert.Equal(80, outcome.Priority);
        Assert.False(outcome.HasFault);
    }

    [Fact]
    public void Compute_BelowOne_ClampsToOne()
    {
        Assert.Equal(1, Compute(50, (new TrackerBinding(TrackerKey.Script("a"), -253, false), TrackerReading.Down)).Priority);
    }

    [Fact]
    public void Compute_Above254_ClampsTo254()
    {
        Assert.Equal(254, Compute(200, (new TrackerBinding(TrackerKey.Script("a"), 253, false), TrackerReading.Up)).Priority);
    }

    [Fact]
    public void Compute_AddressOwner_NeverMoves()
    {
        Assert.Equal(255, Compute(255, (new TrackerBinding(TrackerKey.Script("a"), -50, false), TrackerReading.Down)).Priority);
    }

    [Fact]
    public void Compute_UnweightedFailures_AreListedAsFaults()
    {
        var outcome = Compute(
            100,
            (new TrackerBinding(TrackerKey.Interface("eth1"), 0, false), TrackerReading.Down),
            (new TrackerBinding(TrackerKey.Script("ok"), 0, false), TrackerReading.Up),
            (new TrackerBinding(TrackerKey.Process("nginx"), 0, false), TrackerReading.Down));
        Assert.Equal([TrackerKey.Interface("eth1"), TrackerKey.Process("nginx")], outcome.Faults);
        Assert.Equal(100, outcome.Priority);
    }

    private static readonly Gen<(TrackerBinding, TrackerReading)> s_tracker =
        Gen.Select(Gen.Int[0, 3], Gen.Int[-253, 253], Gen.Bool, Gen.Int[0, 2], Gen.Long[-300, 300])
            .Select((kind, weight, reverse, health, value) => (
                new TrackerBinding(new TrackerKey((TrackerKind)kind, "t"), weight, reverse),
                kind == (int)TrackerKind.File ? TrackerReading.File(value) : new TrackerReading((TrackerHealth)health, 0)));

    // Each generated tracker gets its own name, so readings can be looked up by key.
    private static (TrackerBinding, TrackerReading)[] Unique((TrackerBinding Binding, TrackerReading Reading)[] trackers) =>
        trackers.Select((t, i) => (t.Binding with { Key = t.Binding.Key with { Name = $"t{i}" } }, t.Reading)).ToArray();

    [Fact]
    public void Compute_AnyTrackers_StaysIn1To254OrOwner()
    {
        Gen.Select(Gen.Int[1, 255], s_tracker.Array[0, 12]).Sample((basePriority, trackers) =>
        {
            int priority = Compute(basePriority, Unique(trackers)).Priority;
            return basePriority == 255 ? priority == 255 : priority is >= 1 and <= 254;
        }, seed: Seed, iter: 5_000, threads: 1);
    }

    [Fact]
    public void Compute_TrackerOrder_DoesNotMatter()
    {
        Gen.Select(Gen.Int[1, 255], s_tracker.Array[0, 12], Gen.Int).Sample((basePriority, trackers, shuffleSeed) =>
        {
            trackers = Unique(trackers);
            var shuffled = trackers.ToArray();
            new Random(shuffleSeed).Shuffle(shuffled);
            var a = Compute(basePriority, trackers);
            var b = Compute(basePriority, shuffled);
            return a.Priority == b.Priority && a.Pending == b.Pending && a.Faults.ToHashSet().SetEquals(b.Faults);
        }, seed: Seed, iter: 5_000, threads: 1);
    }
}
