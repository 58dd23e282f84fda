using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Cli.Check;

/// <summary>One node's file as checked: where it came from, its effective model and its own diagnostics.</summary>
internal sealed record CheckedNode(string File, string? ConfigId, string Label, KeepalivedConfig Config, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>Every file the configuration was read from: the main file and each included one.</summary>
    public IReadOnlyList<string> SourceFiles { get; init; } = [File];
}
