namespace Vigil.Cli.Json;

/// <summary>The whole <c>vigil check --json</c> document.</summary>
internal sealed record JsonCheckReport(bool WouldRun, int Errors, int Warnings, IReadOnlyList<JsonNodeReport> Nodes, IReadOnlyList<JsonDiagnostic> Cluster);

/// <summary>One node in <c>--json</c> output.</summary>
internal sealed record JsonNodeReport(string File, string? ConfigId, int Instances, IReadOnlyList<JsonDiagnostic> Diagnostics);
