using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// keepalived 2.2.7's retry rule for every checker (check_tcp.c tcp_epilog and its siblings): a success is a
/// verdict at once; a failure is retried <c>retry</c> times <c>delay_before_retry</c> apart before it is one;
/// after a verdict the next check is <c>delay_loop</c> later. At start one failure is enough (retry_it starts
/// at retry). The first check waits a random time up to <c>warmup</c> (default delay_loop). Pure: no clock.
/// A struct, held in place by its checker (a field of the TCP engine's slot): no object of its own per check.
/// </summary>
internal struct CheckerRetry(CheckTiming timing)
{
    private int _failures = timing.Retry;

    public readonly CheckTiming Timing => timing;

    /// <summary>The wait before the first check, <paramref name="random"/> (0 ≤ r &lt; 1) of the warmup.</summary>
    public readonly TimeSpan FirstDelay(double random) => TimeSpan.FromTicks((long)(timing.EffectiveWarmup.Ticks * random));

    /// <summary>One attempt's outcome: the verdict it makes (null while retrying) and the wait before the next attempt.</summary>
    public (bool? Verdict, TimeSpan Next) Record(bool success)
    {
        if (success || _failures >= timing.Retry)
        {
            _failures = 0;
            return (success, timing.DelayLoop);
        }

        _failures++;
        return (null, timing.DelayBeforeRetry);
    }
}
