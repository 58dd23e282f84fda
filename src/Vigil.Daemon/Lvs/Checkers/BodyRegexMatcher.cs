using System.Text;
using System.Text.RegularExpressions;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// A url's regex against a response body (check_http.c check_regex), compiled once per checker. keepalived feeds
/// PCRE2 the stream in 4 KB pieces with partial matching, which finds the leftmost match as if the body were one
/// string; Vigil matches the body it kept (the first <see cref="SubjectLimit"/> bytes). The leftmost match at or
/// after regex_min_offset counts only if it starts at or before regex_max_offset, as in keepalived. Offsets are
/// bytes from the body's first byte (keepalived counts from the response's first byte when the header and the
/// first body bytes arrive in one read, from the body's otherwise; the header is never matched here).
/// </summary>
internal sealed class BodyRegexMatcher(HttpBodyRegex spec)
{
    /// <summary>The body bytes kept for matching; keepalived streams without limit, a health page is far smaller.</summary>
    public const int SubjectLimit = 1 << 20;

    private readonly Regex _regex = new(spec.Pattern, spec.Options, HttpBodyRegex.MatchTimeout);

    public HttpBodyRegex Spec => spec;

    /// <summary>Null when the body passes (a match, or none with regex_no_match); else why not.</summary>
    public string? Failure(ReadOnlySpan<byte> body)
    {
        bool matched = Matches(body);
        return matched == spec.NoMatch
            ? matched ? $"the body matches regex '{spec.Pattern}' (regex_no_match)" : $"the body does not match regex '{spec.Pattern}'"
            : null;
    }

    public bool Matches(ReadOnlySpan<byte> body)
    {
        if (spec.MinOffset > body.Length)
        {
            return false;
        }

        // Without utf PCRE2 reads each byte as one character (Latin-1), which keeps byte offsets.
        string subject = spec.Utf8 ? Encoding.UTF8.GetString(body) : Encoding.Latin1.GetString(body);
        int start = spec.Utf8 ? Encoding.UTF8.GetCharCount(body[..spec.MinOffset]) : spec.MinOffset;
        Match match;
        try
        {
            match = _regex.Match(subject, start);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // keepalived: a match error (JIT stack exhausted) leaves the body unmatched
        }

        if (!match.Success)
        {
            return false;
        }

        int at = spec.Utf8 ? Encoding.UTF8.GetByteCount(subject.AsSpan(0, match.Index)) : match.Index;
        return spec.MaxOffset is not { } max || at <= max;
    }
}
