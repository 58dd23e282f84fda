namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// keepalived's include_t flags (lib/parser.h): which include problems are errors. Plain
/// <c>include</c> has none (it "never errors"); includer/includem/includew/includeb/includea and
/// <c>global_defs { include_check }</c> add them.
/// </summary>
[Flags]
internal enum IncludeChecks
{
    None = 0,

    /// <summary>"readable": a matched path that is a directory, executable or unreadable is an error.</summary>
    Readable = 1,

    /// <summary>"match": a path without wildcards that does not exist is an error.</summary>
    Match = 2,

    /// <summary>"wildcard_match": a wildcard that matches nothing is an error.</summary>
    WildcardMatch = 4,

    /// <summary>"brace_match": every alternative of a {a,b} expression must exist.</summary>
    BraceMatch = 8,

    All = Readable | Match | WildcardMatch | BraceMatch,
}
