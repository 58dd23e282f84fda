using System.Runtime.InteropServices;

namespace Vigil.Linux.Timing;

/// <summary>
/// A one-shot timerfd on CLOCK_MONOTONIC armed with absolute deadlines (nanoseconds of
/// <see cref="MonotonicClock"/>): hrtimer precision, far below a millisecond, unlike
/// Task.Delay / System.Threading.Timer (about 1 ms granularity plus thread-pool latency).
/// One thread waits; <see cref="Arm"/> may be called from any thread, and moving the deadline
/// earlier takes effect in a wait already in progress (the kernel re-evaluates the timer).
/// </summary>
public sealed class DeadlineTimer : IDisposable
{
    private readonly SafeFileDescriptor _fd;
    private readonly Readiness _readiness = new();
    private readonly StallDetector? _stallDetector;
    private long _armedDeadline;

    private DeadlineTimer(SafeFileDescriptor fd, StallDetector? stallDetector)
    {
        _fd = fd;
        _stallDetector = stallDetector;
    }

    /// <summary>Lateness of the most recent firing (now minus the armed deadline).</summary>
    public TimeSpan LastLateness { get; private set; }

    public static DeadlineTimer Create(StallDetector? stallDetector = null) => new(
        SafeFileDescriptor.FromResult(
            Interop.Libc.timerfd_create(Interop.Files.CLOCK_MONOTONIC, Interop.Files.TFD_CLOEXEC | Interop.Files.TFD_NONBLOCK),
            "timerfd_create"),
        stallDetector);

    /// <summary>Arms (or re-arms) the timer for an absolute monotonic deadline; a past deadline fires at once.</summary>
    public unsafe void Arm(long deadlineNanoseconds)
    {
        // it_value of zero would disarm; a deadline at or before 0 means "now".
        long deadline = Math.Max(deadlineNanoseconds, 1);
        Volatile.Write(ref _armedDeadline, deadline);
        var spec = new Interop.itimerspec
        {
            it_value = new Interop.timespec { tv_sec = deadline / 1_000_000_000, tv_nsec = deadline % 1_000_000_000 },
        };
        ThrowHelper.ThrowIfFailed(Interop.Libc.timerfd_settime(_fd, Interop.Files.TFD_TIMER_ABSTIME, &spec, null), "timerfd_settime");
    }

    public unsafe void Disarm()
    {
        var spec = default(Interop.itimerspec);
        ThrowHelper.ThrowIfFailed(Interop.Libc.timerfd_settime(_fd, 0, &spec, null), "timerfd_settime");
    }

    /// <summary>
    /// Waits for the armed deadline. Returns <see cref="WaitOutcome.Ready"/> when it fired (with
    /// <see cref="LastLateness"/> measured and fed to the stall detector), otherwise why the wait ended.
    /// </summary>
    public unsafe WaitOutcome Wait(int timeoutMilliseconds = -1)
    {
        while (true)
        {
            WaitOutcome outcome = _readiness.Wait(_fd, timeoutMilliseconds);
            if (outcome != WaitOutcome.Ready)
            {
                return outcome;
            }

            ulong expirations;
            if (Interop.Libc.read(_fd, &expirations, sizeof(ulong)) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is Interop.Errors.EAGAIN or Interop.Errors.EINTR)
                {
                    continue; // re-armed between poll and read: wait for the new deadline
                }

                ThrowHelper.ThrowErrno(errno, "read(timerfd)");
            }

            long lateness = MonotonicClock.NowNanoseconds - Volatile.Read(ref _armedDeadline);
            LastLateness = TimeSpan.FromTicks(Math.Max(lateness, 0) / 100);
            _stallDetector?.Observe(LastLateness);
            return WaitOutcome.Ready;
        }
    }

    /// <summary>Ends a wait in progress on another thread.</summary>
    public void Wake() => _readiness.Wake();

    public void Dispose()
    {
        _fd.Dispose();
        _readiness.Dispose();
    }
}
