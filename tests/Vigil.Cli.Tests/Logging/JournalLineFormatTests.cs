using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests.Logging;

public sealed class JournalLineFormatTests
{
    [Theory]
    [InlineData(LogLevel.Critical, 2)]
    [InlineData(LogLevel.Error, 3)]
    [InlineData(LogLevel.Warning, 4)]
    [InlineData(LogLevel.Information, 6)]
    [InlineData(LogLevel.Debug, 7)]
    [InlineData(LogLevel.Trace, 7)]
    public void Priority_LogLevel_IsTheSdDaemonPriority(LogLevel level, int priority) =>
        Assert.Equal(priority, JournalLineFormat.Priority(level));

    [Theory]
    [InlineData(LogLevel.Critical, "<2>vigil.vrrp: VI_1: advert dropped\n")]
    [InlineData(LogLevel.Error, "<3>vigil.vrrp: VI_1: advert dropped\n")]
    [InlineData(LogLevel.Warning, "<4>vigil.vrrp: VI_1: advert dropped\n")]
    [InlineData(LogLevel.Information, "<6>vigil.vrrp: VI_1: advert dropped\n")]
    [InlineData(LogLevel.Debug, "<7>vigil.vrrp: VI_1: advert dropped\n")]
    public void Append_EachLevel_PrefixesPriorityAndCategoryWithoutTimestamp(LogLevel level, string expected) =>
        Assert.Equal(expected, Format(level, "VI_1: advert dropped", exception: null));

    [Fact]
    public void Append_WithException_EveryLineCarriesThePriority()
    {
        string text = Format(LogLevel.Error, "send failed", new InvalidOperationException("line one\nline two"));

        Assert.Equal("<3>vigil.vrrp: send failed\n<3>System.InvalidOperationException: line one\n<3>line two\n", text);
    }

    [Fact]
    public void Append_EmptyMessage_StillOneLine() =>
        Assert.Equal("<6>vigil: \n", Format(LogLevel.Information, "", exception: null, category: "vigil"));

    private static string Format(LogLevel level, string message, Exception? exception, string category = "vigil.vrrp")
    {
        var text = new StringBuilder();
        JournalLineFormat.Instance.Append(text, level, category, 1, message, exception, DateTimeOffset.UnixEpoch);
        return text.ToString();
    }
}
