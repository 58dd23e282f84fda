using Vigil.Config.Diagnostics;

namespace Vigil.Cli.Check;

/// <summary>
/// The human form: compiler-style <c>file:line:col: error: message</c> lines (editors jump to them) with an
/// indented hint, a count per node, and one last line that says whether Vigil would run.
/// </summary>
internal static class TextReportWriter
{
    public static void Write(CheckReport report, TextWriter output)
    {
        foreach (CheckedNode node in report.Nodes)
        {
            foreach (Diagnostic diagnostic in DiagnosticOrder.ForReading(node.Diagnostics))
            {
                output.WriteLine(diagnostic.ToString());
            }
        }

        if (report.Cluster.Count > 0)
        {
            output.WriteLine($"cross-node checks ({string.Join(", ", report.Nodes.Select(n => n.Label))}):");
            foreach (Diagnostic diagnostic in report.Cluster)
            {
                output.WriteLine(diagnostic.ToString());
            }
        }

        foreach (CheckedNode node in report.Nodes)
        {
            output.WriteLine($"{node.Label}: {Count(node.Diagnostics, Severity.Error, "error")}, {Count(node.Diagnostics, Severity.Warning, "warning")}, {node.Config.Instances.Count} vrrp_instance(s)");
        }

        if (report.Nodes.Count > 1)
        {
            output.WriteLine($"cluster: {Count(report.Cluster, Severity.Error, "error")}, {Count(report.Cluster, Severity.Warning, "warning")}");
        }

        int changed = report.All.Count(ConfigTestOption.ChangesWhatRuns);
        string nodes = report.Nodes.Count > 1 ? "these nodes" : "this node";
        output.WriteLine(!report.WouldRun
            ? $"FAILED: {Plural(report.Errors, "error")}; Vigil would refuse to run this configuration. Fix the lines marked 'error' above."
            : changed > 0
                ? $"OK, BUT NOT AS WRITTEN: Vigil would run {nodes}, but {Plural(changed, "setting")} above {(changed == 1 ? "is" : "are")} ignored or changed (vigil -t exits 5)."
                : $"OK: Vigil would run {nodes} as written{(report.Warnings > 0 ? " (read the warnings above)" : "")}.");
    }

    private static string Count(IEnumerable<Diagnostic> diagnostics, Severity severity, string word) => Plural(diagnostics.Count(d => d.Severity == severity), word);

    private static string Plural(int count, string word) => $"{count} {word}{(count == 1 ? "" : "s")}";
}
