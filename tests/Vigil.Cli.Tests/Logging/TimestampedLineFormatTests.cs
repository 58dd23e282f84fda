using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests.Logging;

/// <summary>
/// The stderr line, byte for byte as Microsoft.Extensions.Logging's simple console formatter wrote it with
/// SingleLine, UTC timestamps "yyyy-MM-dd'T'HH:mm:ss.fff'Z' " and no colours (checked against it when replaced).
/// </summary>
public sealed class TimestampedLineFormatTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 26, 0, 8, 38, 611, TimeSpan.Zero);

    [Theory]
    [InlineData(LogLevel.Trace, "2026-11-26T00:08:38.611Z trce: vigil.vrrp[12] VI_1: entering MASTER\n")]
    [InlineData(LogLevel.Debug, "2026-11-26T00:08:38.611Z dbug: vigil.vrrp[12] VI_1: entering MASTER\n")]
    [InlineData(LogLevel.Information, "2026-11-26T00:08:38.611Z info: vigil.vrrp[12] VI_1: entering MASTER\n")]
    [InlineData(LogLevel.Warning, "2026-11-26T00:08:38.611Z warn: vigil.vrrp[12] VI_1: entering MASTER\n")]
    [InlineData(LogLevel.Error, "2026-11-26T00:08:38.611Z fail: vigil.vrrp[12] VI_1: entering MASTER\n")]
    [InlineData(LogLevel.Critical, "2026-11-26T00:08:38.611Z crit: vigil.vrrp[12] VI_1: entering MASTER\n")]
    public void Append_EachLevel_IsTheSimpleConsoleSingleLine(LogLevel level, string expected) =>
        Assert.Equal(expected, Format(level, 12, "VI_1: entering MASTER", exception: null));

    [Fact]
    public void Append_WithException_ExceptionFollowsOnTheSameLine()
    {
        string text = Format(LogLevel.Error, 5, "send failed", new InvalidOperationException("line one\nline two"));

        Assert.Equal("2026-11-26T00:08:38.611Z fail: vigil.vrrp[5] send failed System.InvalidOperationException: line one line two\n", text);
    }

    [Fact]
    public void Append_MultiLineMessage_LineBreaksBecomeSpaces() =>
        Assert.Equal("2026-11-26T00:08:38.611Z info: vigil.vrrp[0] a b\r c\n", Format(LogLevel.Information, 0, "a\nb\r\nc", exception: null));

    [Fact]
    public void Append_EmptyMessage_NoTrailingSpace() =>
        Assert.Equal("2026-11-26T00:08:38.611Z warn: vigil.vrrp[-3]\n", Format(LogLevel.Warning, -3, "", exception: null));

    [Fact]
    public void Append_EmptyMessageWithException_OnlyTheException() =>
        Assert.Equal("2026-11-26T00:08:38.611Z fail: vigil.vrrp[8] System.InvalidOperationException: boom\n", Format(LogLevel.Error, 8, "", new InvalidOperationException("boom")));

    [Fact]
    public void Append_NoMessageNoException_WritesNothing() =>
        Assert.Equal("", Format(LogLevel.Error, 9, null, exception: null));

    private static string Format(LogLevel level, int eventId, string? message, Exception? exception)
    {
        var text = new StringBuilder();
        TimestampedLineFormat.Instance.Append(text, level, "vigil.vrrp", eventId, message, exception, s_now);
        return text.ToString();
    }
}
