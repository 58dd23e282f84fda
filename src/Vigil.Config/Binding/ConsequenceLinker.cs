using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Marks diagnostics that only follow from another error (<see cref="Diagnostic.CausedBy"/>), so the operator reads
/// the cause first: a block's "has no virtual_router_id" when its virtual_router_id line was rejected, "has no
/// virtual_ipaddress" when its only address was invalid, "track script 'chk' is not defined" when the
/// <c>vrrp_script chk</c> block was swallowed by an unclosed brace above it.
/// </summary>
internal static class ConsequenceLinker
{
    /// <summary>Codes reported at a block's first line that summarise what the block lacks.</summary>
    private static readonly HashSet<string> s_summaryCodes = ["missing-keyword", "no-vip", "no-real-servers", "no-health-check"];

    private static readonly HashSet<string> s_structuralCodes = [SyntaxCodes.UnclosedBlock, SyntaxCodes.ExtraCloseBrace, SyntaxCodes.UnexpectedOpenBrace];

    public static List<Diagnostic> Link(ConfigDocument document, List<Diagnostic> diagnostics, IReadOnlyList<(SourceLocation At, string Block, string Name)> undefined)
    {
        List<Diagnostic> errors = [.. diagnostics.Where(d => d.Severity == Severity.Error && d.CausedBy is null)];
        if (errors.Count == 0)
        {
            return diagnostics;
        }

        var blocks = new Dictionary<SourceLocation, ConfigNode>();
        var nested = new List<ConfigNode>();
        Index(document.Nodes, depth: 0, blocks, nested);

        for (int i = 0; i < diagnostics.Count; i++)
        {
            Diagnostic d = diagnostics[i];
            SourceLocation? cause = s_summaryCodes.Contains(d.Code) && blocks.TryGetValue(d.Location, out ConfigNode? block)
                ? ErrorInside(block, d, errors)
                : d.Code == "undefined-reference" ? SwallowedDefinition(d, undefined, nested, errors) : null;
            if (cause is { } at)
            {
                diagnostics[i] = d with { CausedBy = at };
            }
        }

        return diagnostics;
    }

    private static void Index(IReadOnlyList<ConfigNode> nodes, int depth, Dictionary<SourceLocation, ConfigNode> blocks, List<ConfigNode> nested)
    {
        foreach (ConfigNode node in nodes)
        {
            if (depth > 0)
            {
                nested.Add(node);
            }

            if (node.Children is { } children)
            {
                blocks.TryAdd(node.Location, node);
                Index(children, depth + 1, blocks, nested);
            }
        }
    }

    /// <summary>The first error reported on a line inside <paramref name="block"/> (keywords and values of its descendants).</summary>
    private static SourceLocation? ErrorInside(ConfigNode block, Diagnostic summary, List<Diagnostic> errors)
    {
        var inside = new HashSet<SourceLocation>();
        AddTokens(block.Children!, inside);
        return errors.Where(e => !ReferenceEquals(e, summary) && inside.Contains(e.Location))
            .Select(e => (SourceLocation?)e.Location)
            .OrderBy(l => l!.Value.Line).ThenBy(l => l!.Value.Column)
            .FirstOrDefault();
    }

    private static void AddTokens(IReadOnlyList<ConfigNode> nodes, HashSet<SourceLocation> into)
    {
        foreach (ConfigNode node in nodes)
        {
            into.Add(node.Location);
            foreach (ConfigToken argument in node.Arguments)
            {
                into.Add(argument.Location);
            }

            if (node.Children is { } children)
            {
                AddTokens(children, into);
            }
        }
    }

    /// <summary>
    /// For "X is not defined" where a block defining X exists but not at the top level: the unclosed or stray brace
    /// that put it there, else the error on that block's line.
    /// </summary>
    private static SourceLocation? SwallowedDefinition(Diagnostic reference, IReadOnlyList<(SourceLocation At, string Block, string Name)> undefined, List<ConfigNode> nested, List<Diagnostic> errors)
    {
        foreach ((SourceLocation at, string block, string name) in undefined)
        {
            if (at != reference.Location)
            {
                continue;
            }

            ConfigNode? definition = nested.FirstOrDefault(n => n.Name == block && n.Arguments.Count > 0 && n.Arguments[0].Text == name);
            if (definition is null)
            {
                return null;
            }

            Diagnostic? structural = errors.FirstOrDefault(e => s_structuralCodes.Contains(e.Code));
            return structural?.Location ?? errors.FirstOrDefault(e => e.Location == definition.Location)?.Location;
        }

        return null;
    }
}
