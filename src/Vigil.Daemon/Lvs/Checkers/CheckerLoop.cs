using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// Runs one checker until stopped: awaits (timers, no thread of its own) the warmup, then probes, hands each
/// verdict to the callback and waits delay_loop or delay_before_retry as <see cref="CheckerRetry"/> says.
/// </summary>
internal static class CheckerLoop
{
    public static async Task RunAsync(IHealthProbe probe, CheckTiming timing, Action<ProbeResult> verdict, CancellationToken stopping)
    {
        var retry = new CheckerRetry(timing);
        try
        {
            await Task.Delay(retry.FirstDelay(Random.Shared.NextDouble()), stopping).ConfigureAwait(false);
            while (!stopping.IsCancellationRequested)
            {
                ProbeResult result;
                try
                {
                    result = await probe.ProbeAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = ProbeResult.Failure($"{e.GetType().Name}: {e.Message}");
                }

                (bool? decided, TimeSpan next) = retry.Record(result.Up);
                if (decided is not null)
                {
                    verdict(result);
                }

                await Task.Delay(next, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // stopping
        }
    }
}
