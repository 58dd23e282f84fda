using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>keepalived 2.2.7's retry rule, shared by every checker (check_tcp.c tcp_epilog and its siblings).</summary>
public sealed class CheckerRetryTests
{
    private static readonly CheckTiming s_timing = new(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(1));

    [Fact]
    public void Record_AtStart_OneFailureIsAVerdict()
    {
        var retry = new CheckerRetry(s_timing);

        Assert.Equal((false, s_timing.DelayLoop), retry.Record(success: false));
    }

    [Fact]
    public void Record_AfterSuccess_RetryFailuresDelayBeforeRetryApartThenDown()
    {
        var retry = new CheckerRetry(s_timing);
        Assert.Equal((true, s_timing.DelayLoop), retry.Record(success: true));

        Assert.Equal((null, s_timing.DelayBeforeRetry), retry.Record(success: false));
        Assert.Equal((null, s_timing.DelayBeforeRetry), retry.Record(success: false));
        Assert.Equal((false, s_timing.DelayLoop), retry.Record(success: false));
    }

    [Fact]
    public void Record_SuccessWhileRetrying_IsAVerdictAndResetsTheCount()
    {
        var retry = new CheckerRetry(s_timing);
        retry.Record(success: true);
        retry.Record(success: false);

        Assert.Equal((true, s_timing.DelayLoop), retry.Record(success: true));
        Assert.Equal((null, s_timing.DelayBeforeRetry), retry.Record(success: false));
    }

    [Fact]
    public void FirstDelay_IsRandomUpToWarmupWhichDefaultsToDelayLoop()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new CheckerRetry(s_timing).FirstDelay(0.5));
        Assert.Equal(TimeSpan.Zero, new CheckerRetry(s_timing).FirstDelay(0));
        Assert.Equal(TimeSpan.FromSeconds(1), new CheckerRetry(s_timing with { Warmup = TimeSpan.FromSeconds(4) }).FirstDelay(0.25));
        Assert.Equal(TimeSpan.Zero, new CheckerRetry(s_timing with { Warmup = TimeSpan.Zero }).FirstDelay(0.9));
    }
}
