using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests.Logging;

public sealed class JournalConsoleFormatterTests
{
    [Theory]
    [InlineData(LogLevel.Critical, 2)]
    [InlineData(LogLevel.Error, 3)]
    [InlineData(LogLevel.Warning, 4)]
    [InlineData(LogLevel.Information, 6)]
    [InlineData(LogLevel.Debug, 7)]
    [InlineData(LogLevel.Trace, 7)]
    public void Priority_LogLevel_IsTheSdDaemonPriority(LogLevel level, int priority) =>
        Assert.Equal(priority, JournalConsoleFormatter.Priority(level));

    [Fact]
    public void Write_Warning_PrefixesPriorityAndCategoryWithoutTimestamp()
    {
        string text = Format(LogLevel.Warning, "VI_1: advert dropped", exception: null);

        Assert.Equal("<4>vigil.vrrp: VI_1: advert dropped\n", text);
    }

    [Fact]
    public void Write_WithException_EveryLineCarriesThePriority()
    {
        string text = Format(LogLevel.Error, "send failed", new InvalidOperationException("line one\nline two"));

        string[] lines = text.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length >= 3, text);
        Assert.All(lines, line => Assert.StartsWith("<3>", line, StringComparison.Ordinal));
        Assert.Equal("<3>vigil.vrrp: send failed", lines[0]);
    }

    private static string Format(LogLevel level, string message, Exception? exception)
    {
        var writer = new StringWriter();
        var entry = new LogEntry<string>(level, "vigil.vrrp", new EventId(1), message, exception, (state, _) => state);
        new JournalConsoleFormatter().Write(entry, null, writer);
        return writer.ToString();
    }
}
