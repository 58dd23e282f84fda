using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

public sealed class TrackFileValueTests
{
    [Theory]
    [InlineData("5\n", 5)]
    [InlineData("  -3 trailing words", -3)]
    [InlineData("+7", 7)]
    [InlineData("", 0)]
    [InlineData("abc", 0)]
    [InlineData("-", 0)]
    [InlineData(null, 0)]
    [InlineData("99999999999999999999999", 0)]
    public void Parse_FileText_ReadsTheLeadingIntegerOrZero(string? text, long expected) =>
        Assert.Equal(expected, TrackFileValue.Parse(text));
}
