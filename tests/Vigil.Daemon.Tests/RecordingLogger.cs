using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Tests;

/// <summary>Keeps every log line (level, text, exception) so tests can count what an operator would see.</summary>
internal sealed class RecordingLogger : ILogger
{
    public List<(LogLevel Level, string Message, Exception? Exception)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add((logLevel, formatter(state, exception), exception));

    public List<string> Warnings(string containing) =>
        [.. Lines.Where(l => l.Level == LogLevel.Warning && l.Message.Contains(containing, StringComparison.Ordinal)).Select(l => l.Message)];
}
