using System.Text.RegularExpressions;

namespace Vigil.Config.Model;

/// <summary>
/// A url's <c>regex</c> (check_http.c check_regex; keepalived compiles it with PCRE2, Vigil with .NET's engine):
/// the response body, read as bytes (one character per byte, or UTF-8 with <c>regex_options utf</c>), must
/// contain a match starting at or after <see cref="MinOffset"/> and at or before <see cref="MaxOffset"/>
/// (byte offsets into the body); <see cref="NoMatch"/> reverses the verdict.
/// </summary>
/// <param name="Pattern">The pattern after keepalived's quote and escape handling of the line.</param>
/// <param name="Options">The .NET options keepalived's regex_options map to.</param>
/// <param name="Utf8">regex_options utf: the body is decoded as UTF-8 (else each byte is one Latin-1 character, as PCRE2 reads it without utf).</param>
public sealed record HttpBodyRegex(string Pattern, RegexOptions Options, bool Utf8)
{
    /// <summary>How long one match may run: PCRE2's JIT stack limit (regex_stack) ends a runaway pattern in keepalived, this does in Vigil; either way the body counts as not matching.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary><c>regex_no_match</c>: a match fails the check.</summary>
    public bool NoMatch { get; init; }

    /// <summary><c>regex_min_offset</c>: the first byte of the body where a match may start.</summary>
    public int MinOffset { get; init; }

    /// <summary><c>regex_max_offset</c>: the last byte of the body where a match may start; null: anywhere.</summary>
    public int? MaxOffset { get; init; }
}
