using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>How a message becomes stderr text: <see cref="TimestampedLineFormat"/> or, under systemd, <see cref="JournalLineFormat"/>.</summary>
internal interface IConsoleLineFormat
{
    /// <summary>Appends the message's line(s), each ending in '\n', to <paramref name="text"/>; nothing for a message without text.</summary>
    void Append(StringBuilder text, LogLevel level, string category, int eventId, string? message, Exception? exception, DateTimeOffset now);
}
