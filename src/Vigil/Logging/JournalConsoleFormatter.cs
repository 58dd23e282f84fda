using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Vigil.Cli.Logging;

/// <summary>
/// Log lines for the systemd journal (used when $JOURNAL_STREAM says stderr is connected to it):
/// each line starts with the sd-daemon(3) priority prefix ("&lt;3&gt;" error … "&lt;7&gt;" debug), so
/// `journalctl -p warning` works; no timestamp (the journal stamps every line) and no colours.
/// A multi-line message (an exception) gets the prefix on every line, since the journal splits lines.
/// </summary>
internal sealed class JournalConsoleFormatter : ConsoleFormatter
{
    public const string FormatterName = "journal";

    public JournalConsoleFormatter()
        : base(FormatterName)
    {
    }

    /// <summary>syslog(3) priorities as sd-daemon.h defines SD_ERR … SD_DEBUG.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (logEntry.Exception is not null)
        {
            message = message + Environment.NewLine + logEntry.Exception;
        }

        string prefix = $"<{Priority(logEntry.LogLevel)}>";
        bool first = true;
        foreach (ReadOnlySpan<char> line in message.AsSpan().EnumerateLines())
        {
            textWriter.Write(prefix);
            if (first)
            {
                textWriter.Write(logEntry.Category);
                textWriter.Write(": ");
                first = false;
            }

            textWriter.Write(line);
            textWriter.Write('\n');
        }
    }
}
