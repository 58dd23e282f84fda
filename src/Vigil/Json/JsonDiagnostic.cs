using Vigil.Config.Diagnostics;

namespace Vigil.Cli.Json;

/// <summary>A diagnostic as <c>vigil check --json</c> prints it (flat, stable field names).</summary>
internal sealed record JsonDiagnostic(string Severity, string File, int Line, int Column, string Code, string Message, string? Hint, string? CausedBy = null)
{
    public static JsonDiagnostic From(Diagnostic d) => new(
        d.Severity switch { Config.Diagnostics.Severity.Error => "error", Config.Diagnostics.Severity.Warning => "warning", _ => "note" },
        d.Location.File, d.Location.Line, d.Location.Column, d.Code, d.Message, d.Hint, d.CausedBy?.ToString());
}
