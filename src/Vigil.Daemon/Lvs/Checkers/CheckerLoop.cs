using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// Runs one checker until stopped: awaits (timers, no thread of its own) the warmup, then probes, hands each
/// verdict to the callback and waits delay_loop or delay_before_retry as <see cref="CheckerRetry"/> says.
/// </summary>
internal static class CheckerLoop
{
    /// <summary>
    /// <paramref name="sourceChanged"/> hears when the checker's source (bindto, bind_if, fwmark) cannot be set, with why, and
    /// null when it can again: such an attempt makes no verdict and is tried again a delay_loop later, as keepalived does.
    /// </summary>
    public static async Task RunAsync(IHealthProbe probe, CheckTiming timing, Action<ProbeResult> verdict, CancellationToken stopping, Action<string?>? sourceChanged = null)
    {
        var retry = new CheckerRetry(timing);
        string? sourceProblem = null;
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
                catch (CheckSourceException e)
                {
                    if (e.Message != sourceProblem)
                    {
                        sourceProblem = e.Message;
                        sourceChanged?.Invoke(sourceProblem);
                    }

                    await Task.Delay(timing.DelayLoop, stopping).ConfigureAwait(false);
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    result = ProbeResult.Failure($"{e.GetType().Name}: {e.Message}");
                }

                if (sourceProblem is not null)
                {
                    sourceProblem = null;
                    sourceChanged?.Invoke(null);
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
