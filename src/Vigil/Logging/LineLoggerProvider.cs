using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// A logger writing each message as one line to a sink (syslog, a log file). The sink gets the level, so
/// syslog can set the priority; lines of a multi-line message (an exception) are joined with " | ".
/// </summary>
internal sealed class LineLoggerProvider(ILineSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new LineLogger(sink, categoryName);

    public void Dispose() => sink.Dispose();

    private sealed class LineLogger(ILineSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            if (exception is not null)
            {
                message = message + " | " + exception.ToString().ReplaceLineEndings(" | ");
            }

            sink.Write(logLevel, $"{category}: {message.ReplaceLineEndings(" | ")}");
        }
    }
}

/// <summary>Where <see cref="LineLoggerProvider"/> writes.</summary>
internal interface ILineSink : IDisposable
{
    void Write(LogLevel level, string line);
}
