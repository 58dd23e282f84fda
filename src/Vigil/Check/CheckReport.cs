using Vigil.Config.Diagnostics;

namespace Vigil.Cli.Check;

/// <summary>Everything <c>vigil check</c> found: per node, and across the nodes of the cluster.</summary>
internal sealed record CheckReport(IReadOnlyList<CheckedNode> Nodes, IReadOnlyList<Diagnostic> Cluster)
{
    public IEnumerable<Diagnostic> All => Nodes.SelectMany(n => n.Diagnostics).Concat(Cluster);

    public int Errors => All.Count(d => d.Severity == Severity.Error);

    public int Warnings => All.Count(d => d.Severity == Severity.Warning);

    public bool WouldRun => Errors == 0;
}
