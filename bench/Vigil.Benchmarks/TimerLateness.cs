using System.Globalization;
using Vigil.Linux;
using Vigil.Linux.Timing;

namespace Vigil.Benchmarks;

/// <summary>
/// `timer-lateness [seconds=10] [interval-ms=10]`: arms the daemon's DeadlineTimer on a fixed
/// absolute schedule (as an advert timer is) and prints how late each firing was, min/p50/p99/max,
/// plus GC counts over the run. Not a BenchmarkDotNet benchmark: the distribution of lateness is
/// the result, not the mean cost of a call.
/// </summary>
internal static class TimerLateness
{
    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        double intervalMs = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        long interval = (long)(intervalMs * MonotonicClock.NanosecondsPerMillisecond);
        int count = (int)(seconds * 1000 / intervalMs);
        var stalls = new StallDetector(TimeSpan.FromMilliseconds(intervalMs / 2));
        using DeadlineTimer timer = DeadlineTimer.Create(stalls);
        long[] lateness = new long[count];
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);

        long deadline = MonotonicClock.NowNanoseconds + interval;
        for (int i = 0; i < count; i++)
        {
            timer.Arm(deadline);
            if (timer.Wait(10_000) != WaitOutcome.Ready)
            {
                throw new InvalidOperationException("timer did not fire");
            }

            lateness[i] = MonotonicClock.NowNanoseconds - deadline;
            deadline += interval;
        }

        Array.Sort(lateness);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timer lateness over {count} deadlines every {intervalMs} ms: min {Us(lateness[0])} µs, p50 {Us(lateness[count / 2])} µs, " +
            $"p99 {Us(lateness[(int)(count * 0.99)])} µs, max {Us(lateness[^1])} µs; stalls (> {intervalMs / 2} ms late) {stalls.StallCount}; " +
            $"GCs gen0 {GC.CollectionCount(0) - gen0} gen2 {GC.CollectionCount(2) - gen2}"));
    }

    private static string Us(long nanoseconds) => (nanoseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
}
