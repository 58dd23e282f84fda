using Vigil.Config.Syntax;

namespace Vigil.Config.Diagnostics;

public enum Severity
{
    Error,
    Warning,
    Info,
}

/// <summary>
/// One finding about a configuration: where, how bad, what is wrong and what to write instead.
/// <see cref="Code"/> is a stable identifier (e.g. "unknown-keyword") for JSON output and tests.
/// </summary>
public sealed record Diagnostic(
    Severity Severity,
    SourceLocation Location,
    string Code,
    string Message,
    string? Hint = null)
{
    /// <summary>
    /// Where the error this one follows from is reported (a "has no virtual_router_id" whose line was rejected,
    /// a reference to a block swallowed by an unclosed brace); <see cref="DiagnosticOrder"/> lists it after its cause.
    /// </summary>
    public SourceLocation? CausedBy { get; init; }

    /// <summary>The compiler-style form an operator's editor can jump to: file:line:col: severity: message.</summary>
    public override string ToString()
    {
        string severity = Severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "note",
        };
        string text = $"{Location}: {severity}: {Message}";
        if (CausedBy is { } cause)
        {
            text += $" (follows from the error at {cause})";
        }

        return Hint is null ? text : $"{text}\n    hint: {Hint}";
    }
}
