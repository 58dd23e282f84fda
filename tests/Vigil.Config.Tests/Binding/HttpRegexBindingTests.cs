using System.Text.RegularExpressions;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>A url's regex keywords (check_http.c regex_*_handler, url_check): read as keepalived reads them, refused where .NET would match otherwise.</summary>
public sealed class HttpRegexBindingTests
{
    private static ConfigBindResult BindUrl(string url) =>
        Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\nHTTP_GET {{\nurl {{\npath /\n{url}\n}}\n}}\n}}\n}}\n");

    private static HttpBodyRegex? Regex(string url)
    {
        ConfigBindResult result = BindUrl(url);
        Assert.False(result.HasErrors, string.Join("\n", result.Errors().Select(e => e.Message)));
        return ((HttpCheck)result.Config!.VirtualServers[0].RealServers[0].Checks[0]).Urls[0].Regex;
    }

    [Fact]
    public void Bind_RegexAndCompanions_AnyOrder()
    {
        HttpBodyRegex regex = Regex("regex_max_offset 200\nregex_options caseless multiline dotall extended no_auto_capture utf\nregex \"status: (ok|ready)\"\nregex_no_match\nregex_min_offset 10\nregex_stack 32768 524288")!;

        Assert.Equal("status: (ok|ready)", regex.Pattern);
        Assert.Equal(RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture, regex.Options);
        Assert.Equal((true, true, 10, (int?)200), (regex.Utf8, regex.NoMatch, regex.MinOffset, regex.MaxOffset));
        Assert.Null(Regex(""));
    }

    [Theory]
    [InlineData("regex a\\.b", "a.b")]           // keepalived's escape handling eats one backslash
    [InlineData("regex \"a\\\\.b\"", "a\\.b")]
    [InlineData("regex 'x y'", "x y")]
    [InlineData("regex \"<h1>ok</h1>\"", "<h1>ok</h1>")]
    public void Bind_Pattern_SplitWithQuotesAndEscapesAsKeepalivedDoes(string line, string pattern)
    {
        Assert.Equal(pattern, Regex(line)!.Pattern);
    }

    [Theory]
    [InlineData("regex_options ungreedy\nregex a", "lvs-unsupported", 15)]
    [InlineData("regex_options caseless firstline\nregex a", "lvs-unsupported", 24)]
    [InlineData("regex_options casless\nregex a", "invalid-value", 15)]
    [InlineData("regex \"[[:alpha:]]+\"", "lvs-unsupported", 1)]
    [InlineData("regex \"a++\"", "invalid-value", 1)]
    [InlineData("regex \"(\"", "invalid-value", 1)]
    [InlineData("regex a b", "extra-argument", 9)]
    [InlineData("regex a\nregex b", "duplicate-keyword", 1)]
    [InlineData("regex_no_match", "missing-keyword", 1)]
    [InlineData("regex_min_offset 5", "missing-keyword", 1)]
    [InlineData("regex a\nregex_min_offset 5\nregex_max_offset 4", "invalid-value", 1)]
    [InlineData("regex a\nregex_stack 10 5", "invalid-value", 13)]
    public void Bind_BadRegex_IsAnErrorAtItsWord(string url, string code, int column)
    {
        Diagnostic error = Assert.Single(BindUrl(url).Errors());

        Assert.Equal((code, column), (error.Code, error.Location.Column));
        Assert.Contains("regex", error.Message, StringComparison.Ordinal);
    }
}
