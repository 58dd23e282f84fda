namespace Vigil.Linux.Timing;

/// <summary>
/// CLOCK_MONOTONIC in nanoseconds: never jumps with wall-clock changes (NTP steps must not cause
/// failovers), and the same clock timerfd deadlines are armed on.
/// </summary>
public static class MonotonicClock
{
    public const long NanosecondsPerMillisecond = 1_000_000;

    public static unsafe long NowNanoseconds
    {
        get
        {
            Interop.timespec now;
            _ = Interop.Libc.clock_gettime(Interop.Files.CLOCK_MONOTONIC, &now);
            return (now.tv_sec * 1_000_000_000) + now.tv_nsec;
        }
    }

    public static TimeSpan Now => TimeSpan.FromTicks(NowNanoseconds / 100);
}
