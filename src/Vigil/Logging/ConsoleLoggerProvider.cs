using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// Log lines on stderr in <paramref name="format"/>. A message is formatted on the logging thread and handed to
/// <see cref="BackgroundWriter"/>, so the VRRP loop never waits for a slow reader of stderr (a full pipe to the
/// journal), as it never did with the console logger of Microsoft.Extensions.Logging this replaces.
/// </summary>
internal sealed class ConsoleLoggerProvider(IConsoleLineFormat format, BackgroundWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ConsoleLogger(format, writer, categoryName);

    public void Dispose() => writer.Dispose();

    private sealed class ConsoleLogger(IConsoleLineFormat format, BackgroundWriter writer, string category) : ILogger
    {
        [ThreadStatic]
        private static StringBuilder? s_text;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            StringBuilder text = s_text ??= new StringBuilder(256);
            text.Clear();
            format.Append(text, logLevel, category, eventId.Id, formatter(state, exception), exception, DateTimeOffset.UtcNow);
            writer.Write(text);
            if (text.Capacity > 4096)
            {
                s_text = null; // an exception's text: do not keep its buffer
            }
        }
    }
}
