using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>Comments, quotes and word splitting: keepalived's decomment() and alloc_strvec_r().</summary>
public class LexerTests
{
    [Theory]
    [InlineData("router_id a # comment", "router_id a")]
    [InlineData("router_id a ! comment", "router_id a")]
    [InlineData("router_id a#comment", "router_id a")]
    [InlineData("router_id \"a # not a comment\"", "router_id a # not a comment")]
    [InlineData("router_id \"a ! not a comment\" ! comment", "router_id a ! not a comment")]
    [InlineData("router_id a\\#b", "router_id a#b")]
    [InlineData("router_id a\\!b", "router_id a!b")]
    public void Parse_Comments_AreRemovedOutsideDoubleQuotes(string line, string expected)
    {
        Assert.Equal([expected], Lines(Parse(line)));
    }

    [Fact]
    public void Parse_SingleQuotes_DoNotProtectComments()
    {
        // keepalived's decomment() only tracks double quotes.
        Assert.Equal(["x 'a"], Lines(Parse("x 'a # b'")));
    }

    [Fact]
    public void Parse_CommentOnlyAndBlankLines_AreIgnored()
    {
        Assert.Equal(["a 1", "b 2"], Lines(Parse("# header\n\n   \t\n! bang\na 1\n   # indented\nb 2\n")));
    }

    [Fact]
    public void Parse_QuotedWord_KeepsInnerWhitespaceAndSplitsFromNeighbours()
    {
        var node = Assert.Single(Parse("k abcd\" efg h \"mnop").Nodes);

        Assert.Equal(["abcd", " efg h ", "mnop"], node.Arguments.Select(a => a.Text));
        Assert.Equal([false, true, false], node.Arguments.Select(a => a.Quoted));
    }

    [Fact]
    public void Parse_TabsFormFeedsAndCarriageReturns_SeparateWords()
    {
        var node = Assert.Single(Parse("k\ta\fb\vc\r\n").Nodes);

        Assert.Equal(["a", "b", "c"], node.Arguments.Select(a => a.Text));
    }

    [Fact]
    public void Parse_EmptyQuotedString_IsAnEmptyWord()
    {
        var node = Assert.Single(Parse("auth_pass \"\"").Nodes);

        Assert.Equal("", Assert.Single(node.Arguments).Text);
    }

    [Fact]
    public void Parse_QuotedColumns_PointAtTheOpeningQuote()
    {
        var node = Assert.Single(Parse("k  \"v w\"").Nodes);

        Assert.Equal(4, node.Arguments[0].Location.Column);
    }
}
