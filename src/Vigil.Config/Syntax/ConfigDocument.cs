using Vigil.Config.Diagnostics;

namespace Vigil.Config.Syntax;

/// <summary>The parsed tree of one node's configuration (all includes merged) and what was said about it.</summary>
public sealed record ConfigDocument(
    string MainFile,
    IReadOnlyList<ConfigNode> Nodes,
    IReadOnlyList<Diagnostic> Diagnostics);
