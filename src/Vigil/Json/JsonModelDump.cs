using Vigil.Config.Model;

namespace Vigil.Cli.Json;

/// <summary>The <c>vigil check --dump</c> document: each node's effective model (defaults filled in, includes and parameters resolved, secrets masked).</summary>
internal sealed record JsonModelDump(IReadOnlyList<JsonNodeModel> Nodes);

/// <summary>One node in <c>--dump</c> output.</summary>
internal sealed record JsonNodeModel(string File, string? ConfigId, KeepalivedConfig Config);
