using Microsoft.Extensions.Logging;
using Vigil.Daemon.Hosting;

namespace Vigil.Daemon.Tests;

/// <summary>
/// A reload whose configuration loader throws — even OutOfMemoryException, which a huge include used to raise — is
/// logged and refused, the running configuration stays, and the next reload runs (issue 11, item 23).
/// </summary>
public sealed class ReloadWorkerTests
{
    [Theory]
    [InlineData(typeof(OutOfMemoryException))]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(StackOverflowGuardException))]
    public void Reload_LoaderThrows_IsLoggedRefusedAndTheNextReloadRuns(Type exception)
    {
        var logger = new RecordingLogger();
        using var daemon = new VrrpDaemon(logger);
        int calls = 0;
        daemon.ConfigLoader = () =>
        {
            calls++;
            throw (Exception)Activator.CreateInstance(exception)!;
        };
        var outcomes = new System.Collections.Concurrent.BlockingCollection<bool>();
        daemon.Reloaded += outcomes.Add;

        daemon.RequestReload("test 1");
        Assert.True(outcomes.TryTake(out bool first, TimeSpan.FromSeconds(20)), "the first reload never reported its outcome");
        daemon.RequestReload("test 2");
        Assert.True(outcomes.TryTake(out bool second, TimeSpan.FromSeconds(20)), "the second reload never ran: the worker was left marked as running");

        Assert.False(first);
        Assert.False(second);
        Assert.Equal(2, calls);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Error && e.Exception?.GetType() == exception));
    }

    /// <summary>
    /// Issue 11 #17: SIGHUPs arriving while a reload runs are coalesced: however many, they cause exactly one more reload
    /// once the running one ends (which then reads the newest file), never a queue of reloads or two at once.
    /// </summary>
    [Fact]
    public void RequestReload_BurstDuringAReload_CoalescedIntoOneMoreReload()
    {
        var logger = new RecordingLogger();
        using var daemon = new VrrpDaemon(logger);
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        int calls = 0;
        int running = 0;
        int overlapped = 0;
        daemon.ConfigLoader = () =>
        {
            if (Interlocked.Increment(ref running) > 1)
            {
                Interlocked.Increment(ref overlapped);
            }

            try
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    firstStarted.Set();
                    releaseFirst.Wait(TimeSpan.FromSeconds(20));
                }

                return new ReloadedConfig(null, ["refused by the test"], []);
            }
            finally
            {
                Interlocked.Decrement(ref running);
            }
        };
        var outcomes = new System.Collections.Concurrent.BlockingCollection<bool>();
        daemon.Reloaded += outcomes.Add;

        daemon.RequestReload("SIGHUP 1");
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(20)), "the first reload never started");
        for (int i = 2; i <= 50; i++)
        {
            daemon.RequestReload($"SIGHUP {i}");
        }

        releaseFirst.Set();
        Assert.True(outcomes.TryTake(out _, TimeSpan.FromSeconds(20)), "the first reload never ended");
        Assert.True(outcomes.TryTake(out _, TimeSpan.FromSeconds(20)), "the coalesced reload never ran");
        Assert.False(outcomes.TryTake(out _, TimeSpan.FromMilliseconds(500)), "more than one reload ran for the burst");
        Assert.Equal(2, calls);
        Assert.Equal(0, overlapped);
    }

    /// <summary>Any other exception type a loader might throw.</summary>
    public sealed class StackOverflowGuardException : Exception;

    private sealed class RecordingLogger : ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
