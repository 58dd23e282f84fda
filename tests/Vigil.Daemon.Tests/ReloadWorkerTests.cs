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
