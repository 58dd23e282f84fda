using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>pidfd exit watching against real processes the test starts (bounded waits, no timing assertions).</summary>
public sealed class ProcessExitWatcherTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    private readonly BlockingCollection<int> _exits = [];
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (Process process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        _exits.Dispose();
    }

    [Fact]
    public void Watch_ProcessKilled_ReportsItsPid()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add);
        Process sleep = Sleep();

        Assert.Equal(ExitWatch.Watching, watcher.Watch(sleep.Id, () => true));
        Assert.True(watcher.IsWatching(sleep.Id));
        sleep.Kill();

        Assert.True(_exits.TryTake(out int pid, s_limit), "the exit should be reported");
        Assert.Equal(sleep.Id, pid);
        Assert.False(watcher.IsWatching(sleep.Id));
        Assert.Equal(0, watcher.Count);
    }

    [Fact]
    public void Watch_TwoProcesses_ReportsOnlyTheOneThatExited()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add);
        Process first = Sleep();
        Process second = Sleep();
        watcher.Watch(first.Id, () => true);
        watcher.Watch(second.Id, () => true);

        second.Kill();

        Assert.True(_exits.TryTake(out int pid, s_limit));
        Assert.Equal(second.Id, pid);
        Assert.True(watcher.IsWatching(first.Id));
    }

    [Fact]
    public void Watch_SamePidTwice_WatchesOnce()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add);
        Process sleep = Sleep();

        watcher.Watch(sleep.Id, () => true);

        Assert.Equal(ExitWatch.AlreadyWatching, watcher.Watch(sleep.Id, () => true));
        Assert.Equal(1, watcher.Count);
    }

    [Fact]
    public void Watch_PidNamesAnotherProcessNow_IsGoneAndNotWatched()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add);
        Process sleep = Sleep();

        // The caller's re-check (start time, comm) says the number was reused.
        Assert.Equal(ExitWatch.Gone, watcher.Watch(sleep.Id, () => false));
        Assert.Equal(0, watcher.Count);
    }

    [Fact]
    public void Watch_ExitedProcess_IsGone()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add);
        Process done = Process.Start("/bin/true");
        done.WaitForExit(); // reaped: the PID no longer exists

        Assert.Equal(ExitWatch.Gone, watcher.Watch(done.Id, () => true));
    }

    [Fact]
    public void Watch_BeyondCapacity_IsFull()
    {
        using var watcher = new ProcessExitWatcher(_exits.Add, capacity: 1);
        watcher.Watch(Sleep().Id, () => true);

        Assert.Equal(ExitWatch.Full, watcher.Watch(Sleep().Id, () => true));
    }

    [Fact]
    public void Dispose_WithWatchedProcesses_StopsWithoutReporting()
    {
        var watcher = new ProcessExitWatcher(_exits.Add);
        Process sleep = Sleep();
        watcher.Watch(sleep.Id, () => true);

        watcher.Dispose();
        sleep.Kill();
        sleep.WaitForExit();

        Assert.Empty(_exits);
    }

    private Process Sleep()
    {
        Process process = Process.Start("/bin/sleep", "60");
        _started.Add(process);
        return process;
    }
}
