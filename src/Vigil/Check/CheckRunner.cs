using Vigil.Config.Binding;
using Vigil.Config.Cluster;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Cli.Check;

/// <summary>Loads, binds and checks every node of a request, then checks them against each other.</summary>
internal static class CheckRunner
{
    public static CheckReport Run(CheckRequest request, IConfigFileSystem fileSystem, Func<CheckedNode, IEnumerable<Diagnostic>>? hostChecks = null)
    {
        var nodes = new List<CheckedNode>();
        foreach ((string file, string configId, string label) in request.Nodes())
        {
            CheckedNode node = CheckOne(file, configId, label, fileSystem);
            if (hostChecks is not null && !node.Diagnostics.Any(d => d.Severity == Severity.Error && d.Code.StartsWith("file-", StringComparison.Ordinal)))
            {
                node = node with { Diagnostics = [.. node.Diagnostics, .. hostChecks(node)] };
            }

            nodes.Add(node);
        }

        IReadOnlyList<Diagnostic> cluster = nodes.Count > 1
            ? ClusterChecker.Check([.. nodes.Select(n => new ClusterNode(n.Label, n.Config))])
            : [];
        return new CheckReport(nodes, cluster);
    }

    private static CheckedNode CheckOne(string file, string configId, string label, IConfigFileSystem fileSystem)
    {
        try
        {
            ConfigDocument document = ConfigLoader.Load(file, new ConfigLoadOptions { ConfigId = configId, FileSystem = fileSystem });
            ConfigBindResult result = ConfigBinder.Bind(document);
            IReadOnlyList<Diagnostic> diagnostics = ConfigBinder.NothingToRun(document, result.Config) is { } nothing
                ? [.. result.Diagnostics, nothing]
                : result.Diagnostics;
            return new CheckedNode(file, configId, label, result.Config, diagnostics) { SourceFiles = SourceFiles(document) };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last line of defence: a bug in the reader must still give the operator a diagnostic and exit status 1, never a stack trace.
            var diagnostic = new Diagnostic(Severity.Error, new SourceLocation(file, 0, 0), "internal-error",
                $"Vigil could not check this file ({e.GetType().Name}: {e.Message})", "this is a Vigil bug: please report it with the file");
            return new CheckedNode(file, configId, label, Vigil.Config.Model.KeepalivedConfig.Empty, [diagnostic]);
        }
    }

    private static List<string> SourceFiles(ConfigDocument document)
    {
        var files = new List<string> { document.MainFile };
        var seen = new HashSet<string>(StringComparer.Ordinal) { document.MainFile };
        var pending = new Stack<ConfigNode>(document.Nodes);
        string last = document.MainFile;
        while (pending.TryPop(out ConfigNode? node))
        {
            // Nodes of one file share its path string: hash it only when the file changes (10,000s of nodes at 1,000 instances).
            if (!ReferenceEquals(node.Location.File, last) && seen.Add(last = node.Location.File))
            {
                files.Add(node.Location.File);
            }

            foreach (ConfigNode child in node.Children ?? [])
            {
                pending.Push(child);
            }
        }

        return files;
    }
}
