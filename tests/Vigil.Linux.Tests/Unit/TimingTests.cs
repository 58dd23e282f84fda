using Vigil.Linux.Timing;

namespace Vigil.Linux.Tests.Unit;

public sealed class TimingTests
{
    [Fact]
    public void Observe_LatenessAboveThreshold_CountsAndReports()
    {
        var reported = new List<TimeSpan>();
        var detector = new StallDetector(TimeSpan.FromMilliseconds(5), reported.Add);

        Assert.False(detector.Observe(TimeSpan.FromMilliseconds(1)));
        Assert.False(detector.Observe(TimeSpan.FromMilliseconds(5)));
        Assert.True(detector.Observe(TimeSpan.FromMilliseconds(7)));

        Assert.Equal(1, detector.StallCount);
        Assert.Equal([TimeSpan.FromMilliseconds(7)], reported);
        Assert.Equal(TimeSpan.FromMilliseconds(7), detector.MaximumLateness);
    }

    [Fact]
    public void Wait_ArmedDeadline_FiresNotBeforeTheDeadline()
    {
        var detector = new StallDetector(TimeSpan.FromHours(1));
        using DeadlineTimer timer = DeadlineTimer.Create(detector);
        long deadline = MonotonicClock.NowNanoseconds + (2 * MonotonicClock.NanosecondsPerMillisecond);

        timer.Arm(deadline);

        Assert.Equal(WaitOutcome.Ready, timer.Wait(10_000));
        Assert.True(MonotonicClock.NowNanoseconds >= deadline);
        Assert.Equal(0, detector.StallCount);
    }

    [Fact]
    public void Wait_PastDeadline_FiresAtOnceAndReportsLateness()
    {
        var detector = new StallDetector(TimeSpan.Zero);
        using DeadlineTimer timer = DeadlineTimer.Create(detector);

        timer.Arm(MonotonicClock.NowNanoseconds - (50 * MonotonicClock.NanosecondsPerMillisecond));

        Assert.Equal(WaitOutcome.Ready, timer.Wait(10_000));
        Assert.True(timer.LastLateness >= TimeSpan.FromMilliseconds(50));
        Assert.Equal(1, detector.StallCount);
    }

    [Fact]
    public void Wait_DisarmedAndWoken_ReturnsWoken()
    {
        using DeadlineTimer timer = DeadlineTimer.Create();
        timer.Arm(MonotonicClock.NowNanoseconds + (3600L * 1_000_000_000));
        timer.Disarm();

        timer.Wake();

        Assert.Equal(WaitOutcome.Woken, timer.Wait(10_000));
    }

    [Fact]
    public async Task Wait_RearmedEarlierDuringWait_FiresAtTheNewDeadline()
    {
        using DeadlineTimer timer = DeadlineTimer.Create();
        timer.Arm(MonotonicClock.NowNanoseconds + (3600L * 1_000_000_000));
        Task<WaitOutcome> waiting = Task.Factory.StartNew(() => timer.Wait(30_000), TaskCreationOptions.LongRunning);

        timer.Arm(MonotonicClock.NowNanoseconds + MonotonicClock.NanosecondsPerMillisecond);

        Assert.Equal(WaitOutcome.Ready, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void NowNanoseconds_TwoReads_NeverGoBackwards()
    {
        long first = MonotonicClock.NowNanoseconds;
        long second = MonotonicClock.NowNanoseconds;

        Assert.True(second >= first);
        Assert.True(first > 0);
    }

    [SkippableFact]
    public void TryEnableForCurrentThread_AsRoot_Succeeds()
    {
        Skip.If(Tests.Netns.NetnsLab.UnavailableReason() is not null, "SCHED_RR needs root (CAP_SYS_NICE)");
        int errno = -1;
        var thread = new Thread(() => errno = RealtimeScheduling.TryEnableForCurrentThread(1));

        thread.Start();
        thread.Join();

        Assert.Equal(0, errno);
    }
}
