using System.Collections.Concurrent;
using System.Threading.Channels;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Timing;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Turns the loop's next deadline into a timerfd on CLOCK_MONOTONIC and posts
/// <see cref="DaemonEvent.Deadline"/> when it fires, from one dedicated thread (sub-millisecond,
/// unlike Task.Delay). Lateness goes to the <see cref="StallDetector"/>.
/// </summary>
public sealed class TimerfdDeadlineScheduler : IDeadlineScheduler, IDisposable
{
    private readonly DeadlineTimer _timer;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly Func<TimeSpan> _loopNow;
    private readonly Thread _thread;
    private readonly int? _realtimePriority;
    private readonly ConcurrentQueue<DaemonEvent> _posted = new();
    private Action? _afterDeadline;
    private volatile bool _stopping;

    /// <param name="loopNow">The loop's clock (VrrpEventLoop.Now), to map loop deadlines onto CLOCK_MONOTONIC.</param>
    /// <param name="realtimePriority">SCHED_RR priority for the timer thread, or null to stay SCHED_OTHER.</param>
    public TimerfdDeadlineScheduler(ChannelWriter<DaemonEvent> events, Func<TimeSpan> loopNow, StallDetector? stallDetector = null, int? realtimePriority = null)
    {
        _events = events;
        _loopNow = loopNow;
        _realtimePriority = realtimePriority;
        _timer = DeadlineTimer.Create(stallDetector);
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil deadline" };
        _thread.Start();
    }

    public void Schedule(TimeSpan? deadline)
    {
        if (deadline is not TimeSpan due)
        {
            _timer.Disarm();
            return;
        }

        long fromNow = (due - _loopNow()).Ticks * 100;
        _timer.Arm(MonotonicClock.NowNanoseconds + Math.Max(fromNow, 0));
    }

    /// <summary>
    /// Hands <paramref name="e"/> to the loop from this scheduler's (real-time) thread rather than the caller's: the
    /// event channel runs the loop's continuation on the writing thread, so what the event causes (a SIGTERM's
    /// priority-0 adverts) runs at SCHED_RR instead of on a signal-handling or pool thread a busy host can delay.
    /// </summary>
    public void Post(DaemonEvent e)
    {
        _posted.Enqueue(e);
        _timer.Wake();
    }

    /// <summary>
    /// Runs <paramref name="work"/> once on this (real-time) thread just after the next deadline has been handled,
    /// where the slack before the following one is longest: work that stops every thread (a blocking GC) then
    /// delays no deadline unless it outlasts that slack. Not run if no deadline fires before the scheduler stops.
    /// </summary>
    public void RunAfterNextDeadline(Action work) => Volatile.Write(ref _afterDeadline, work);

    public void Dispose()
    {
        _stopping = true;
        _timer.Wake();
        _thread.Join();
        _timer.Dispose();
    }

    private void Run()
    {
        if (_realtimePriority is { } priority)
        {
            RealtimeScheduling.TryEnableForCurrentThread(priority); // probed by the daemon; a refusal was logged there
        }

        while (!_stopping)
        {
            if (_timer.Wait() == WaitOutcome.Ready)
            {
                _events.TryWrite(DaemonEvent.Deadline);
                Interlocked.Exchange(ref _afterDeadline, null)?.Invoke();
            }

            while (_posted.TryDequeue(out DaemonEvent posted))
            {
                _events.TryWrite(posted);
            }
        }
    }
}
