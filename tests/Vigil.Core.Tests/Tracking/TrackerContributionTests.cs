using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>What one tracker does to an instance (keepalived vrrp_track.c, trackers/track_file.c).</summary>
public class TrackerContributionTests
{
    private static readonly TrackerKey s_script = TrackerKey.Script("chk");
    private static readonly TrackerKey s_file = TrackerKey.File("tf");

    [Theory]
    [InlineData(20, false, TrackerHealth.Up, 20)]
    [InlineData(20, false, TrackerHealth.Down, 0)]
    [InlineData(-20, false, TrackerHealth.Up, 0)]
    [InlineData(-20, false, TrackerHealth.Down, -20)]
    [InlineData(20, true, TrackerHealth.Up, -20)]
    [InlineData(20, true, TrackerHealth.Down, 0)]
    [InlineData(-20, true, TrackerHealth.Down, 20)]
    [InlineData(20, false, TrackerHealth.Unknown, 0)]
    public void For_WeightedScript_AddsWeightPerKeepalived(int weight, bool reverse, TrackerHealth health, int expected)
    {
        var contribution = TrackerContribution.For(new TrackerBinding(s_script, weight, reverse), new TrackerReading(health, 0));
        Assert.Equal(new TrackerContribution(expected, false, false), contribution);
    }

    [Theory]
    [InlineData(false, TrackerHealth.Down, true)]
    [InlineData(false, TrackerHealth.Up, false)]
    [InlineData(true, TrackerHealth.Up, true)]
    [InlineData(true, TrackerHealth.Down, false)]
    public void For_UnweightedTracker_FaultsWhenDownOrUpWithReverse(bool reverse, TrackerHealth health, bool fault)
    {
        var binding = new TrackerBinding(TrackerKey.Interface("eth0"), 0, reverse);
        Assert.Equal(fault, TrackerContribution.For(binding, new TrackerReading(health, 0)).Fault);
    }

    [Fact]
    public void For_UnweightedScriptNotYetRun_IsPendingNotFault()
    {
        var contribution = TrackerContribution.For(new TrackerBinding(s_script, 0, false), TrackerReading.Unknown);
        Assert.True(contribution.Pending);
        Assert.False(contribution.Fault);
    }

    [Theory]
    [InlineData(0L, false, false)]
    [InlineData(7L, false, true)]
    [InlineData(0L, true, true)]
    [InlineData(7L, true, false)]
    public void For_UnweightedFile_NonZeroValueIsFault(long value, bool reverse, bool fault)
    {
        Assert.Equal(fault, TrackerContribution.For(new TrackerBinding(s_file, 0, reverse), TrackerReading.File(value)).Fault);
    }

    [Theory]
    [InlineData(3L, 10, false, 30)]
    [InlineData(3L, 10, true, -30)]
    [InlineData(-5L, 2, false, -10)]
    [InlineData(1000L, 1, false, 253)]
    public void For_WeightedFile_IsValueTimesWeightUpTo253(long value, int weight, bool reverse, int expected)
    {
        Assert.Equal(new TrackerContribution(expected, false, false), TrackerContribution.For(new TrackerBinding(s_file, weight, reverse), TrackerReading.File(value)));
    }

    [Theory]
    [InlineData(-254L)]
    [InlineData(-100000L)]
    public void For_WeightedFileAtOrBelowMinus254_IsFault(long value)
    {
        Assert.True(TrackerContribution.For(new TrackerBinding(s_file, 1, false), TrackerReading.File(value)).Fault);
    }
}
