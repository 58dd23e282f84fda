using System.Collections.Frozen;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The keywords of one block, as data: what Vigil binds (<see cref="Keyword{TBuilder}"/> rows) and the
/// keepalived keywords it knows but does not implement yet (a warning naming them, never silence).
/// Anything else is reported by <see cref="KeywordCatalog"/> as misplaced or misspelt.
/// </summary>
internal sealed class KeywordTable<TBuilder>
{
    private readonly FrozenDictionary<string, Keyword<TBuilder>> _keywords;

    public KeywordTable(string blockName, IEnumerable<Keyword<TBuilder>> keywords, IEnumerable<string> unimplemented)
    {
        BlockName = blockName;
        _keywords = keywords.ToFrozenDictionary(k => k.Name, StringComparer.Ordinal);
        Unimplemented = unimplemented.ToFrozenSet(StringComparer.Ordinal);
    }

    public string BlockName { get; }

    public FrozenSet<string> Unimplemented { get; }

    public IEnumerable<string> Implemented => _keywords.Keys;

    public bool Knows(string keyword) => _keywords.ContainsKey(keyword) || Unimplemented.Contains(keyword);

    public void Bind(TBuilder target, IReadOnlyList<ConfigNode>? statements, BindContext context)
    {
        if (statements is null)
        {
            return;
        }

        foreach (ConfigNode statement in statements)
        {
            Bind(target, statement, context);
        }
    }

    public void Bind(TBuilder target, ConfigNode statement, BindContext context)
    {
        if (!_keywords.TryGetValue(statement.Name, out Keyword<TBuilder>? keyword))
        {
            KeywordCatalog.ReportUnknown(statement, BlockName, Unimplemented.Contains(statement.Name), context);
            return;
        }

        if (keyword.Shape == KeywordShape.Block && !statement.HasBlock)
        {
            context.Error(statement.Location, "expected-block", $"'{statement.Name}' must be followed by a block {{ … }}",
                $"write '{statement.Name} {{' on this line, one entry per line, and '}}' on its own line");
            return;
        }

        if (keyword.Shape == KeywordShape.Line && statement.HasBlock)
        {
            context.Error(statement.Location, "unexpected-block", $"'{statement.Name}' takes its value on the same line, not a {{ }} block",
                $"write '{statement.Name} VALUE'");
            return;
        }

        keyword.Handler(target, statement, context);
        KeywordApplication.Report(BlockName, statement, context);
    }
}
