using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// The daemon's <see cref="ILoggerFactory"/>: a minimum level and a fixed set of providers (stderr, syslog, a file),
/// one logger per category. In place of Microsoft.Extensions.Logging's factory, whose dependency injection, options
/// and configuration code made up about a tenth of the NativeAOT binary and of its start-up; the
/// [LoggerMessage] call sites only need <c>Microsoft.Extensions.Logging.Abstractions</c>.
/// </summary>
internal sealed class LogFactory(LogLevel minimum, IReadOnlyList<ILoggerProvider> providers) : ILoggerFactory
{
    private readonly Dictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName)
    {
        lock (_lock)
        {
            if (!_loggers.TryGetValue(categoryName, out ILogger? logger))
            {
                var targets = new ILogger[providers.Count];
                for (int i = 0; i < targets.Length; i++)
                {
                    targets[i] = providers[i].CreateLogger(categoryName);
                }

                logger = new FanOutLogger(minimum, targets);
                _loggers.Add(categoryName, logger);
            }

            return logger;
        }
    }

    /// <summary>The providers are fixed when the factory is made (RunCommand knows every target up front).</summary>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("vigil's log targets are fixed at start");

    public void Dispose()
    {
        foreach (ILoggerProvider provider in providers)
        {
            provider.Dispose();
        }
    }

    private sealed class FanOutLogger(LogLevel minimum, ILogger[] targets) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            foreach (ILogger target in targets)
            {
                target.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
