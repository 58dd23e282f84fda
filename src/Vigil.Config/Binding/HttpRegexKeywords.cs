using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// A url's <c>regex</c>, <c>regex_no_match</c>, <c>regex_options</c>, <c>regex_min_offset</c>, <c>regex_max_offset</c>
/// and <c>regex_stack</c> (check_http.c regex_*_handler, url_check, prepare_regex). keepalived compiles with PCRE2;
/// Vigil with .NET's engine, so an option or construct whose meaning .NET cannot reproduce is an error here
/// rather than a silently different match. Where keepalived logs and drops a setting (options without a regex,
/// min offset past the max), Vigil reports an error.
/// </summary>
internal static class HttpRegexKeywords
{
    /// <summary>keepalived's regex_options names (its regex_options[] table) and what each becomes in .NET; null: refused with the reason.</summary>
    private static readonly FrozenDictionary<string, (RegexOptions Options, string? Refused)> s_options = new Dictionary<string, (RegexOptions, string?)>
    {
        ["caseless"] = (RegexOptions.IgnoreCase, null),
        ["multiline"] = (RegexOptions.Multiline, null),
        ["dotall"] = (RegexOptions.Singleline, null),
        ["extended"] = (RegexOptions.IgnorePatternWhitespace, null),
        ["no_auto_capture"] = (RegexOptions.ExplicitCapture, null),
        ["utf"] = (RegexOptions.None, null), // the body is decoded as UTF-8 (HttpBodyRegex.Utf8)
        ["ucp"] = (RegexOptions.None, null), // .NET's \w, \d, \b are Unicode already
        ["never_ucp"] = (RegexOptions.None, null),
        ["never_utf"] = (RegexOptions.None, null),
        ["dupnames"] = (RegexOptions.None, null), // .NET accepts duplicate group names anyway
        ["no_auto_possess"] = (RegexOptions.None, null), // PCRE2 optimisations: no effect on what matches
        ["no_dotstar_anchor"] = (RegexOptions.None, null),
        ["no_start_optimize"] = (RegexOptions.None, null),
        ["auto_callout"] = (RegexOptions.None, null), // keepalived sets no callout function
        ["use_offset_limit"] = (RegexOptions.None, null), // keepalived sets no offset limit
        ["never_backslash_c"] = (RegexOptions.None, null), // .NET has no \C: such a pattern is an error either way
        ["alt_verbnames"] = (RegexOptions.None, null), // .NET has no (*VERB): such a pattern is an error either way
        ["allow_empty_class"] = (RegexOptions.None, "'[]' as an empty class"),
        ["alt_bsux"] = (RegexOptions.None, "JavaScript's \\U, \\u and \\x escapes"),
        ["dollar_endonly"] = (RegexOptions.None, "a '$' that does not match before a final newline"),
        ["firstline"] = (RegexOptions.None, "a match that must start in the first line"),
        ["match_unset_backref"] = (RegexOptions.None, "a back reference to an unset group that matches empty"),
        ["ungreedy"] = (RegexOptions.None, "quantifiers lazy by default"),
        ["alt_circumflex"] = (RegexOptions.None, "a multiline '^' after a final newline"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>A POSIX class such as [:alpha:] inside brackets: PCRE2 knows it, .NET reads it as the characters '[', ':', 'a', … instead.</summary>
    private static readonly Regex s_posixClass = new(@"\[:\^?[a-z]+:\]", RegexOptions.CultureInvariant);

    public static IEnumerable<Keyword<UrlBuilder>> Rows =>
    [
        Keyword<UrlBuilder>.Line("regex", Pattern),
        Keyword<UrlBuilder>.Line("regex_no_match", (b, n, c) =>
        {
            c.NoMoreThan(n, 0);
            b.Regex.NoMatch = n;
        }),
        Keyword<UrlBuilder>.Line("regex_options", Options),
        Keyword<UrlBuilder>.Line("regex_min_offset", (b, n, c) => b.Regex.MinOffset = c.Int(n, 0, int.MaxValue, "a byte offset into the body") is { } v ? (v, n) : b.Regex.MinOffset),
        Keyword<UrlBuilder>.Line("regex_max_offset", (b, n, c) => b.Regex.MaxOffset = c.Int(n, 0, int.MaxValue - 1, "a byte offset into the body") is { } v ? (v, n) : b.Regex.MaxOffset),
        Keyword<UrlBuilder>.Line("regex_stack", Stack),
    ];

    /// <summary>At the end of a url block: the regex compiled (an error at its line if .NET refuses it) and the companions checked.</summary>
    public static HttpBodyRegex? Finish(RegexParts parts, BindContext c)
    {
        if (parts.Pattern is not { } pattern)
        {
            foreach (ConfigNode orphan in new[] { parts.NoMatch, parts.OptionsNode, parts.MinOffset?.Node, parts.MaxOffset?.Node, parts.Stack }.OfType<ConfigNode>())
            {
                c.Error(orphan.Location, "missing-keyword", $"'{orphan.Name}' without 'regex' in this url (keepalived ignores it)", "add 'regex PATTERN' to the url, or remove this line");
            }

            return null;
        }

        if (parts.MinOffset is { } min && parts.MaxOffset is { } max && min.Value > max.Value)
        {
            c.Error(min.Node.Location, "invalid-value", $"regex_min_offset {min.Value} is after regex_max_offset {max.Value} (keepalived then ignores both)", "make regex_min_offset at most regex_max_offset");
            return null;
        }

        if (s_posixClass.Match(pattern.Text) is { Success: true } posix)
        {
            c.Error(pattern.Node.Location, "lvs-unsupported", $"the regex uses the POSIX class '{posix.Value}', which .NET's regex engine (used by Vigil) reads as plain characters",
                "write it as a .NET class, e.g. [[:alpha:]] as [a-zA-Z] or \\p{L}, [[:digit:]] as [0-9]");
            return null;
        }

        try
        {
            _ = new Regex(pattern.Text, parts.Options, HttpBodyRegex.MatchTimeout);
        }
        catch (ArgumentException e)
        {
            c.Error(pattern.Node.Location, "invalid-value", $"the regex '{pattern.Text}' does not compile: {e.Message}",
                "fix the pattern (Vigil uses .NET's regex syntax, which PCRE2 patterns mostly share: no possessive quantifiers, \\K, (?P<name>) or \\Q…\\E)");
            return null;
        }

        return new HttpBodyRegex(pattern.Text, parts.Options, parts.Utf8)
        {
            NoMatch = parts.NoMatch is not null,
            MinOffset = parts.MinOffset?.Value ?? 0,
            MaxOffset = parts.MaxOffset?.Value,
        };
    }

    /// <summary>keepalived splits the line again with quotes and escapes (alloc_strvec_quoted_escaped): "a\.b" is the pattern a.b, write "a\\.b" for a literal dot.</summary>
    private static void Pattern(UrlBuilder b, ConfigNode n, BindContext c)
    {
        if (b.Regex.Pattern is not null)
        {
            c.Error(n.Location, "duplicate-keyword", "this url already has a regex", "keep one 'regex' line per url");
            return;
        }

        if (c.Arg(n, 0, "a pattern (in quotes if it has spaces)") is null)
        {
            return;
        }

        if (!ScriptCommandLexer.TrySplit(n.SourceText ?? string.Empty, out IReadOnlyList<string> words, out string? error))
        {
            c.Error(n.Location, "invalid-value", $"the regex line cannot be split: {error}", "write 'regex \"PATTERN\"'");
        }
        else if (words.Count != 2)
        {
            c.Error(n.Arguments[^1].Location, "extra-argument", $"'regex' takes one pattern, but the line has {words.Count - 1} words (keepalived ignores such a line)", "put the pattern in quotes: regex \"a b\"");
        }
        else
        {
            b.Regex.Pattern = (words[1], n);
        }
    }

    private static void Options(UrlBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Arg(n, 0, "regex options (caseless, multiline, dotall, …)") is null)
        {
            return;
        }

        b.Regex.OptionsNode = n;
        foreach (ConfigToken token in n.Arguments)
        {
            if (!s_options.TryGetValue(token.Text, out (RegexOptions Options, string? Refused) option))
            {
                c.Error(token.Location, "invalid-value", $"'{token.Text}' is not a regex option keepalived knows (it would ignore it)",
                    $"write some of {string.Join(", ", s_options.Keys.Order(StringComparer.Ordinal))}");
            }
            else if (option.Refused is { } what)
            {
                c.Error(token.Location, "lvs-unsupported", $"regex option '{token.Text}' ({what}) has no equivalent in .NET's regex engine, which Vigil uses",
                    $"remove '{token.Text}' and write the pattern without it, or run this virtual_server with keepalived");
            }
            else
            {
                b.Regex.Options |= option.Options;
                b.Regex.Utf8 |= token.Text == "utf";
            }
        }
    }

    /// <summary>regex_stack START MAX sizes PCRE2's JIT stack; .NET's engine needs none (<see cref="HttpBodyRegex.MatchTimeout"/> bounds a runaway match), so it is only checked.</summary>
    private static void Stack(UrlBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Arg(n, 0, "a start and a maximum size in bytes") is not { } start || c.Arg(n, 1, "a start and a maximum size in bytes") is not { } max)
        {
            return;
        }

        c.NoMoreThan(n, 2);
        if (c.IntToken(n.Name, start, 0, int.MaxValue) is { } s && c.IntToken(n.Name, max, 0, int.MaxValue) is { } m)
        {
            if (s > m)
            {
                c.Error(start.Location, "invalid-value", $"regex_stack start {s} exceeds its maximum {m} (keepalived ignores the line)", "write 'regex_stack START MAX' with START at most MAX");
                return;
            }

            b.Regex.Stack = n;
        }
    }
}

/// <summary>The regex lines of one url block, gathered until its end (keepalived reads them in any order).</summary>
internal sealed class RegexParts
{
    public (string Text, ConfigNode Node)? Pattern { get; set; }

    public RegexOptions Options { get; set; } = RegexOptions.CultureInvariant;

    public bool Utf8 { get; set; }

    public ConfigNode? OptionsNode { get; set; }

    public ConfigNode? NoMatch { get; set; }

    public (int Value, ConfigNode Node)? MinOffset { get; set; }

    public (int Value, ConfigNode Node)? MaxOffset { get; set; }

    public ConfigNode? Stack { get; set; }
}
