using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Syntax;

/// <summary>The shell-like split keepalived applies to script lines (man 5 keepalived.conf, "Quoted strings").</summary>
public class ScriptCommandLexerTests
{
    private static IReadOnlyList<string> Split(string text)
    {
        Assert.True(ScriptCommandLexer.TrySplit(text, out var words, out string? error), error);
        return words;
    }

    [Fact]
    public void TrySplit_ManPageExampleWithoutSpaceBeforeQuote_IsOneString()
    {
        Assert.Equal(["abcd efg h jkl mnop"], Split("abcd\" efg h jkl \"mnop"));
    }

    [Fact]
    public void TrySplit_ManPageExampleWithSpaces_IsThreeStrings()
    {
        Assert.Equal(["abcd", "efg h jkl", "mnop"], Split("abcd \"efg h jkl\" mnop"));
    }

    [Fact]
    public void TrySplit_SingleQuotes_KeepSpacesAndDoubleQuotesInside()
    {
        Assert.Equal(["/bin/x", "a \"b\" c"], Split("/bin/x 'a \"b\" c'"));
    }

    [Theory]
    [InlineData("\\a\\b\\E\\f\\n\\r\\t\\v", "\a\b\u001b\f\n\r\t\v")]
    [InlineData("\\101\\0", "A\0")]
    [InlineData("\\x41\\x4a", "AJ")]
    [InlineData("\\cA\\c[", "\u0001\u001b")]
    [InlineData("\\\\\\\"\\q", "\\\"q")]
    [InlineData("\"\\t\"", "\t")]
    public void TrySplit_Escapes_AreDecoded(string text, string expected)
    {
        Assert.Equal(expected, Assert.Single(Split(text)));
    }

    [Fact]
    public void TrySplit_EscapedQuote_DoesNotStartAString()
    {
        Assert.Equal(["a\"", "b"], Split("a\\\" b"));
    }

    [Theory]
    [InlineData("x \"abc", "missing closing \"")]
    [InlineData("x 'abc", "missing closing '")]
    [InlineData("x abc\\", "escapes nothing")]
    public void TrySplit_Unterminated_Fails(string text, string message)
    {
        Assert.False(ScriptCommandLexer.TrySplit(text, out _, out string? error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
