using System.Collections.Concurrent;
using System.Diagnostics;

namespace Vigil.Linux.Processes;

/// <summary>
/// Starts every child from one thread that lives as long as the daemon. The kernel delivers the
/// parent-death signal (PR_SET_PDEATHSIG, set by setpriv) when the *thread* that forked the child
/// exits, not the process (prctl(2)); a thread-pool thread that retires would kill healthy scripts
/// with SIGTERM, which tests showed as random exit code 143.
/// </summary>
internal static class SpawnThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> s_queue = Create();

    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((process, started));
        return started.Task;
    }

    private static BlockingCollection<(Process, TaskCompletionSource)> Create()
    {
        var queue = new BlockingCollection<(Process, TaskCompletionSource)>();
        var thread = new Thread(() =>
        {
            foreach (var (process, started) in queue.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    started.SetException(e);
                }
            }
        })
        {
            IsBackground = true,
            Name = "vigil-spawn",
        };
        thread.Start();
        return queue;
    }
}
