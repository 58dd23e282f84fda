using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Syntax;

/// <summary>Small helpers so the syntax tests read as the configuration they check.</summary>
internal static class SyntaxTestHelpers
{
    public static ConfigDocument Parse(string text, string? configId = "main", InMemoryConfigFileSystem? files = null, int seed = 1) =>
        ConfigParser.Parse(text, "/etc/keepalived/keepalived.conf", new ConfigLoadOptions
        {
            ConfigId = configId,
            FileSystem = files ?? new InMemoryConfigFileSystem(),
            Random = new Random(seed),
        });

    /// <summary>Every statement in document order, flattened, as "keyword arg1 arg2" (blocks as "{" / "}").</summary>
    public static List<string> Lines(ConfigDocument document)
    {
        var lines = new List<string>();
        var work = new Stack<(ConfigNode Node, bool Closing)>();
        for (int i = document.Nodes.Count - 1; i >= 0; i--)
            work.Push((document.Nodes[i], false));
        while (work.Count > 0)
        {
            var (node, closing) = work.Pop();
            if (closing)
            {
                lines.Add("}");
                continue;
            }
            lines.Add(string.Join(' ', new[] { node.Name }.Concat(node.Arguments.Select(a => a.Text))) + (node.HasBlock ? " {" : ""));
            if (node.Children is { } children)
            {
                work.Push((node, true));
                for (int i = children.Count - 1; i >= 0; i--)
                    work.Push((children[i], false));
            }
        }
        return lines;
    }

    public static IEnumerable<Diagnostic> Errors(ConfigDocument document) => document.Diagnostics.Where(d => d.Severity == Severity.Error);

    public static void AssertNoErrors(ConfigDocument document) =>
        Assert.True(!Errors(document).Any(), string.Join("\n", Errors(document)));
}
