using Vigil.Config.Syntax;

namespace Vigil.Config.Diagnostics;

/// <summary>
/// The order an operator reads diagnostics in: by file, line and column, except that a diagnostic which follows
/// from another (<see cref="Diagnostic.CausedBy"/>) comes right after its cause, so the root cause is read first.
/// </summary>
public static class DiagnosticOrder
{
    public static IEnumerable<Diagnostic> ForReading(IEnumerable<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        return diagnostics
            .Select((d, i) => (Diagnostic: d, Index: i))
            .OrderBy(x => Anchor(x.Diagnostic).File, StringComparer.Ordinal)
            .ThenBy(x => Anchor(x.Diagnostic).Line)
            .ThenBy(x => Anchor(x.Diagnostic).Column)
            .ThenBy(x => x.Diagnostic.CausedBy is null ? 0 : 1)
            .ThenBy(x => x.Diagnostic.Location.File, StringComparer.Ordinal)
            .ThenBy(x => x.Diagnostic.Location.Line)
            .ThenBy(x => x.Diagnostic.Location.Column)
            .ThenBy(x => x.Index)
            .Select(x => x.Diagnostic);
    }

    private static SourceLocation Anchor(Diagnostic d) => d.CausedBy ?? d.Location;
}
