using System.Text;
using System.Text.RegularExpressions;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>HTTP_GET's url regex against a body (check_http.c check_regex): offsets, regex_no_match, options, bytes.</summary>
public sealed class BodyRegexMatcherTests
{
    private static BodyRegexMatcher Matcher(string pattern, RegexOptions options = RegexOptions.None, bool utf8 = false, bool noMatch = false, int min = 0, int? max = null) =>
        new(new HttpBodyRegex(pattern, options | RegexOptions.CultureInvariant, utf8) { NoMatch = noMatch, MinOffset = min, MaxOffset = max });

    private static byte[] Body(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Failure_MatchPassesAndNoMatchReverses()
    {
        byte[] body = Body("<html>status: ready</html>");

        Assert.Null(Matcher("status: (ready|ok)").Failure(body));
        Assert.Equal("the body does not match regex 'status: down'", Matcher("status: down").Failure(body));
        Assert.Equal("the body matches regex 'ready' (regex_no_match)", Matcher("ready", noMatch: true).Failure(body));
        Assert.Null(Matcher("error", noMatch: true).Failure(body));
        Assert.NotNull(Matcher("anything").Failure([])); // an empty body matches nothing that needs a character
    }

    [Theory]
    [InlineData(0, null, true)]
    [InlineData(4, null, true)]  // the match starts at byte 4
    [InlineData(5, null, true)]  // the second "ok" at byte 11
    [InlineData(11, null, true)]
    [InlineData(12, null, false)]
    [InlineData(0, 4, true)]     // max is the last byte where a match may start
    [InlineData(0, 3, false)]    // the leftmost match (4) is past max: no later look
    [InlineData(5, 10, false)]
    [InlineData(5, 11, true)]
    [InlineData(99, null, false)] // min past the body's end
    public void Matches_MinAndMaxOffsetBoundTheMatchStart(int min, int? max, bool matched)
    {
        Assert.Equal(matched, Matcher("ok", min: min, max: max).Matches(Body("xxx ok yyy ok")));
    }

    [Fact]
    public void Matches_LookbehindSeesBytesBeforeMinOffset_AsPcre2DoesWithAStartOffset()
    {
        Assert.True(Matcher("(?<=state=)up", min: 6).Matches(Body("state=up")));
        Assert.False(Matcher("^up", min: 6).Matches(Body("state=up"))); // ^ is the subject's start, not the start offset
    }

    [Fact]
    public void Matches_OptionsAsKeepalivedNamesMapThem()
    {
        byte[] body = Body("line one\nLINE TWO\n");

        Assert.False(Matcher("line two").Matches(body));
        Assert.True(Matcher("line two", RegexOptions.IgnoreCase).Matches(body));
        Assert.False(Matcher("^LINE").Matches(body));
        Assert.True(Matcher("^LINE", RegexOptions.Multiline).Matches(body));
        Assert.False(Matcher("one.LINE").Matches(body));
        Assert.True(Matcher("one.LINE", RegexOptions.Singleline).Matches(body));
        Assert.True(Matcher("LINE \\s TWO # a comment", RegexOptions.IgnorePatternWhitespace).Matches(body));
    }

    [Fact]
    public void Matches_BytesAreLatin1CharactersUnlessUtf_OffsetsStayBytes()
    {
        byte[] body = Body("é ok"); // é is two bytes: "ok" starts at byte 3, character 2

        Assert.True(Matcher("^\u00c3\u00a9 ok").Matches(body)); // without utf each byte is one character, as in PCRE2
        Assert.True(Matcher("^é ok", utf8: true).Matches(body));
        Assert.True(Matcher("ok", utf8: true, min: 3, max: 3).Matches(body));
        Assert.False(Matcher("ok", utf8: true, max: 2).Matches(body));
        Assert.True(Matcher("ok", min: 3, max: 3).Matches(body));
    }
}
