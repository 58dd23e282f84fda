using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// Log lines for the systemd journal (used when $JOURNAL_STREAM says stderr is connected to it):
/// each line starts with the sd-daemon(3) priority prefix ("&lt;3&gt;" error … "&lt;7&gt;" debug), so
/// `journalctl -p warning` works; no timestamp (the journal stamps every line) and no colours.
/// A multi-line message (an exception) gets the prefix on every line, since the journal splits lines.
/// </summary>
internal sealed class JournalLineFormat : IConsoleLineFormat
{
    public static readonly JournalLineFormat Instance = new();

    /// <summary>syslog(3) priorities as sd-daemon.h defines SD_ERR … SD_DEBUG.</summary>
    public static int Priority(LogLevel level) => level switch
    {
        LogLevel.Critical => 2,
        LogLevel.Error => 3,
        LogLevel.Warning => 4,
        LogLevel.Information => 6,
        _ => 7,
    };

    public void Append(StringBuilder text, LogLevel level, string category, int eventId, string? message, Exception? exception, DateTimeOffset now)
    {
        message ??= string.Empty;
        if (exception is not null)
        {
            message = message + Environment.NewLine + exception;
        }

        int priority = Priority(level);
        bool first = true;
        foreach (ReadOnlySpan<char> line in message.AsSpan().EnumerateLines())
        {
            text.Append('<').Append(priority).Append('>');
            if (first)
            {
                text.Append(category).Append(": ");
                first = false;
            }

            text.Append(line).Append('\n');
        }
    }
}
