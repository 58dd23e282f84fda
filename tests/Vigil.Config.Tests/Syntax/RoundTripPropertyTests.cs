using System.Text;
using CsCheck;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>Any tree of plain statements, printed in any of keepalived's brace layouts, reads back as the same tree.</summary>
public class RoundTripPropertyTests
{
    private sealed record Tree(string Keyword, string[] Arguments, Tree[]? Children);

    private static readonly Gen<string> s_word = Gen.Char["abcdefghijklmnopqrstuvwxyz_0123456789./:"].Array[1, 8].Select(c => new string(c));

    private static Gen<Tree> TreeGen(int depth) =>
        from keyword in s_word
        from arguments in s_word.Array[0, 3]
        from hasBlock in depth > 0 ? Gen.Bool : Gen.Const(false)
        from children in hasBlock ? TreeGen(depth - 1).Array[0, 4] : Gen.Const(Array.Empty<Tree>())
        select new Tree(keyword, arguments, hasBlock ? children : null);

    private static void Print(Tree tree, StringBuilder text, int layout, int indent)
    {
        string pad = new(' ', indent * 4);
        text.Append(pad).Append(string.Join(' ', [tree.Keyword, .. tree.Arguments]));
        if (tree.Children is null)
        {
            text.Append(layout == 2 ? " # comment\n" : "\n");
            return;
        }
        // Layouts: brace on the keyword line, brace on its own line, brace on the keyword line with a comment.
        text.Append(layout == 1 ? "\n" + pad + "{\n" : " {" + (layout == 2 ? " ! note\n" : "\n"));
        foreach (Tree child in tree.Children)
            Print(child, text, layout, indent + 1);
        text.Append(pad).Append("}\n");
    }

    private static void Expected(Tree tree, List<string> lines)
    {
        lines.Add(string.Join(' ', [tree.Keyword, .. tree.Arguments]) + (tree.Children is null ? "" : " {"));
        if (tree.Children is null)
            return;
        foreach (Tree child in tree.Children)
            Expected(child, lines);
        lines.Add("}");
    }

    [Fact]
    public void Parse_PrintedTree_ReadsBackUnchanged()
    {
        Gen.Select(TreeGen(3).Array[0, 5], Gen.Int[0, 2]).Sample((trees, layout) =>
        {
            var text = new StringBuilder();
            var expected = new List<string>();
            foreach (Tree tree in trees)
            {
                Print(tree, text, layout, 0);
                Expected(tree, expected);
            }

            var document = Parse(text.ToString());

            AssertNoErrors(document);
            Assert.Equal(expected, Lines(document));
        }, seed: "0N0XIzNsQ0O4", iter: 300);
    }
}
