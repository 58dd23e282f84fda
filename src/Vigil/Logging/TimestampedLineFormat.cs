using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// The single-line form Microsoft.Extensions.Logging's simple console formatter wrote (SingleLine, UTC, no colours;
/// tests and operators' scripts parse it): "2026-11-26T00:08:38.611Z warn: vigil.vrrp[12] message", the exception's
/// text after the message on the same line, line breaks inside either turned into spaces.
/// </summary>
internal sealed class TimestampedLineFormat : IConsoleLineFormat
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    public static readonly TimestampedLineFormat Instance = new();

    public void Append(StringBuilder text, LogLevel level, string category, int eventId, string? message, Exception? exception, DateTimeOffset now)
    {
        if (message is null && exception is null)
        {
            return;
        }

        Span<char> stamp = stackalloc char[32];
        if (now.TryFormat(stamp, out int written, TimestampFormat, System.Globalization.CultureInfo.InvariantCulture))
        {
            text.Append(stamp[..written]);
        }

        text.Append(LevelName(level)).Append(": ").Append(category).Append('[').Append(eventId).Append(']');
        AppendOneLine(text, message);
        AppendOneLine(text, exception?.ToString());
        text.Append('\n');
    }

    /// <summary>The four-letter level names of the console log ("fail" for Error, as Microsoft.Extensions.Logging wrote).</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private static void AppendOneLine(StringBuilder text, string? part)
    {
        if (!string.IsNullOrEmpty(part))
        {
            text.Append(' ');
            int start = text.Length;
            text.Append(part);
            text.Replace("\n", " ", start, part.Length);
        }
    }
}
