using System.Collections.Frozen;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Every keyword keepalived 2.2.7 knows, by block (keepalived.conf(5)), so an unknown word can be told
/// apart: a keyword of another block ("belongs in global_defs"), a misspelling ("did you mean
/// 'priority'?"), or a keyword Vigil does not implement yet (a warning naming it).
/// </summary>
internal static class KeywordCatalog
{
    private static readonly Lazy<FrozenDictionary<string, string[]>> s_blocksByKeyword = new(BuildIndex);

    private static readonly Lazy<FrozenDictionary<string, string[]>> s_keywordsByBlock = new(() => AllBlocks().ToFrozenDictionary(b => b.Block, b => b.Keywords.ToArray()));

    /// <summary>The blocks (other than <paramref name="exceptBlock"/>) in which <paramref name="keyword"/> is valid.</summary>
    public static IReadOnlyList<string> BlocksOf(string keyword, string exceptBlock) =>
        s_blocksByKeyword.Value.TryGetValue(keyword, out string[]? blocks) ? [.. blocks.Where(b => b != exceptBlock)] : [];

    public static IReadOnlyList<string> KeywordsOf(string block) =>
        s_keywordsByBlock.Value.TryGetValue(block, out string[]? keywords) ? keywords : [];

    public static void ReportUnknown(ConfigNode statement, string block, bool knownButUnimplemented, BindContext context)
    {
        if (context.DiagnosticsFull)
        {
            context.Error(statement.Location, "unknown-keyword", "unknown keyword");
            return;
        }

        string word = statement.Name;
        if (knownButUnimplemented)
        {
            context.Warning(statement.Location, "unsupported-keyword",
                $"'{word}' is a keepalived keyword that Vigil does not implement yet; it is ignored",
                "Vigil runs without this setting: make sure the cluster does not depend on it, or remove the line");
            return;
        }

        IReadOnlyList<string> elsewhere = BlocksOf(word, block);
        if (elsewhere.Count > 0)
        {
            string where = string.Join(" or ", elsewhere.Select(b => $"'{b}'"));
            context.Error(statement.Location, "misplaced-keyword",
                $"'{word}' does not belong in '{block}'; it is a keyword of {where}",
                $"move this line into the {elsewhere[0]} {{ }} block");
            return;
        }

        string? suggestion = EditDistance.Closest(word, KeywordsOf(block));
        context.Error(statement.Location, "unknown-keyword",
            $"unknown keyword '{Shorten(word)}' in '{block}'",
            suggestion is not null
                ? $"did you mean '{suggestion}'?"
                : $"check the spelling; the keywords of '{block}' are listed in keepalived.conf(5)");
    }

    private static string Shorten(string word) => word.Length <= 60 ? word : word[..57] + "...";

    private static FrozenDictionary<string, string[]> BuildIndex()
    {
        var index = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach ((string block, IEnumerable<string> keywords) in AllBlocks())
        {
            foreach (string keyword in keywords)
            {
                if (!index.TryGetValue(keyword, out List<string>? blocks))
                {
                    index[keyword] = blocks = [];
                }

                if (!blocks.Contains(block))
                {
                    blocks.Add(block);
                }
            }
        }

        return index.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The keywords the binder reads (not the known-but-unimplemented ones), by block: what <see cref="KeywordApplication"/> must cover.</summary>
    public static IEnumerable<(string Block, IEnumerable<string> Keywords)> BoundKeywords()
    {
        yield return (TopLevelKeywords.Table.BlockName, TopLevelKeywords.Table.Implemented);
        yield return (GlobalKeywords.Table.BlockName, GlobalKeywords.Table.Implemented);
        yield return (InstanceKeywords.Table.BlockName, InstanceKeywords.Table.Implemented);
        yield return (ScriptKeywords.Table.BlockName, ScriptKeywords.Table.Implemented);
        yield return (SyncGroupKeywords.Table.BlockName, SyncGroupKeywords.Table.Implemented);
        yield return (TrackFileKeywords.Table.BlockName, TrackFileKeywords.Table.Implemented);
        yield return (TrackProcessKeywords.Table.BlockName, TrackProcessKeywords.Table.Implemented);
        yield return (GarpGroupKeywords.Table.BlockName, GarpGroupKeywords.Table.Implemented);
        yield return (SslKeywords.Table.BlockName, SslKeywords.Table.Implemented);
        yield return (AuthenticationKeywords.Table.BlockName, AuthenticationKeywords.Table.Implemented);
        yield return (LvsKeywords.VirtualServerTable.BlockName, LvsKeywords.VirtualServerTable.Implemented);
        yield return (LvsKeywords.RealServerTable.BlockName, LvsKeywords.RealServerTable.Implemented);
        foreach ((string block, IEnumerable<string> implemented, _) in CheckerKeywords.Tables)
        {
            yield return (block, implemented);
        }
    }

    private static IEnumerable<(string Block, IEnumerable<string> Keywords)> AllBlocks()
    {
        yield return Of(TopLevelKeywords.Table);
        yield return Of(GlobalKeywords.Table);
        yield return Of(InstanceKeywords.Table);
        yield return Of(ScriptKeywords.Table);
        yield return Of(SyncGroupKeywords.Table);
        yield return Of(TrackFileKeywords.Table);
        yield return Of(TrackProcessKeywords.Table);
        yield return Of(GarpGroupKeywords.Table);
        yield return Of(SslKeywords.Table);
        yield return Of(AuthenticationKeywords.Table);
        yield return Of(LvsKeywords.VirtualServerTable);
        yield return Of(LvsKeywords.RealServerTable);
        foreach ((string block, IEnumerable<string> implemented, IEnumerable<string> unimplemented) in CheckerKeywords.Tables)
        {
            yield return (block, implemented.Concat(unimplemented));
        }
        foreach ((string block, string[] keywords) in LvsKeywords.Blocks)
        {
            yield return (block, keywords);
        }
    }

    private static (string, IEnumerable<string>) Of<T>(KeywordTable<T> table) => (table.BlockName, table.Implemented.Concat(table.Unimplemented));
}
