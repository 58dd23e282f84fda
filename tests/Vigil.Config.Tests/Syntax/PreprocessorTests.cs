using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>Conditionals, parameters and loops, as keepalived 2.2.7's read_line() does them.</summary>
public class PreprocessorTests
{
    [Theory]
    [InlineData("@main router_id a", "main", new[] { "router_id a" })]
    [InlineData("@main router_id a", "backup", new string[0])]
    [InlineData("@^main router_id a", "main", new string[0])]
    [InlineData("@^main router_id a", "backup", new[] { "router_id a" })]
    [InlineData("@main", "main", new string[0])]
    [InlineData("@mainx router_id a", "main", new string[0])]
    [InlineData("   @main\trouter_id a", "main", new[] { "router_id a" })]
    public void Conditional_ComparesTheWordAfterAtWithTheConfigId(string line, string configId, string[] expected)
    {
        Assert.Equal(expected, Lines(Parse(line, configId)));
    }

    [Fact]
    public void Conditional_NoConfigId_DropsPositiveAndKeepsNegative()
    {
        Assert.Equal(["b 2"], Lines(Parse("@main a 1\n@^main b 2", configId: null)));
    }

    [Fact]
    public void Conditional_Tokens_KeepTheirColumnsAfterThePrefix()
    {
        var node = Assert.Single(Parse("@main  router_id a").Nodes);

        Assert.Equal(8, node.Keyword.Location.Column);
        Assert.Equal(18, node.Arguments[0].Location.Column);
    }

    [Fact]
    public void Parameter_DollarNameFollowedByBlankOrEnd_IsReplaced()
    {
        Assert.Equal(["priority 100 x", "x 100,100)"], Lines(Parse("$P=100\npriority $P x\nx $P,$P)")));
    }

    [Fact]
    public void Parameter_DollarNameFollowedByOtherText_IsNotReplaced()
    {
        Assert.Equal(["a $Px", "b 1x"], Lines(Parse("$P=1\na $Px\nb ${P}x")));
    }

    [Fact]
    public void Parameter_Undefined_IsLeftAsWritten()
    {
        Assert.Equal("/bin/x $HOME ${UNDEFINED}", Assert.Single(Parse("notify \"/bin/x $HOME ${UNDEFINED}\"").Nodes).Arguments[0].Text);
    }

    [Fact]
    public void Parameter_UndefinedBracedOutsideQuotes_IsAnErrorNamingIt()
    {
        var document = Parse("priority ${PRIO}\nx 1");

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.UndefinedParameter, error.Code);
        Assert.Equal(10, error.Location.Column);
        Assert.Contains("${PRIO}", error.Message, StringComparison.Ordinal);
        Assert.Equal(["x 1"], Lines(document));
    }

    [Fact]
    public void Parameter_UndefinedDollarNameWithoutBraces_IsKeptSilently()
    {
        var document = Parse("x $NOT_DEFINED");

        Assert.Empty(document.Diagnostics);
        Assert.Equal(["x $NOT_DEFINED"], Lines(document));
    }

    [Fact]
    public void Predefined_RandomWithMinAboveMax_IsAnErrorOnItsLine()
    {
        var error = Assert.Single(Errors(Parse("a 1\nr ${_RANDOM 9 5}")));

        Assert.Equal(SyntaxCodes.InvalidRandom, error.Code);
        Assert.Equal(2, error.Location.Line);
    }

    [Fact]
    public void Parameter_SpaceBeforeEquals_IsNotADefinition()
    {
        Assert.Equal(["$P =1"], Lines(Parse("$P =1")));
    }

    [Fact]
    public void Parameter_EmptyValue_IsAllowed()
    {
        Assert.Equal(["a b"], Lines(Parse("$E=\na $E b")));
        Assert.Equal(["ab"], Lines(Parse("$E=\na${E}b")));
    }

    [Fact]
    public void Parameter_Redefinition_AppliesFromThenOn()
    {
        Assert.Equal(["x 1", "x 2"], Lines(Parse("$V=1\nx $V\n$V=2\nx $V")));
    }

    [Fact]
    public void Parameter_ValueWithComment_IsCutAtTheComment()
    {
        Assert.Equal(["x 1"], Lines(Parse("$V=1 # one\nx $V")));
    }

    [Fact]
    public void Parameter_SubstitutedTokens_CarryTheColumnOfTheUse()
    {
        var node = Assert.Single(Parse("$V=a b\nkey  $V").Nodes);

        Assert.Equal(["a", "b"], node.Arguments.Select(a => a.Text));
        Assert.All(node.Arguments, a => Assert.Equal(new SourceLocation("/etc/keepalived/keepalived.conf", 2, 6), a.Location));
    }

    [Fact]
    public void Parameter_ValueWithBraces_OpensBlocks()
    {
        Assert.Equal(["track_script {", "chk", "}"], Lines(Parse("$T=track_script { chk }\n$T")));
    }

    [Fact]
    public void Parameter_SelfReference_IsAnErrorNotAHang()
    {
        var document = Parse("$A=x$A\ny $A");

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.RecursiveParameter);
    }

    [Fact]
    public void Parameter_MultilineSelfReference_IsAnErrorNotAHang()
    {
        var document = Parse("$A= \\\nx \\\n$A\n\n$A");

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.RecursiveParameter);
    }

    [Fact]
    public void Multiline_EndsAtLineWithoutBackslash()
    {
        Assert.Equal(["a {", "b 1", "}", "c 2"], Lines(Parse("$M=a { \\\n  b 1 \\\n}\n$M\nc 2")));
    }

    [Fact]
    public void Multiline_EmptyLine_EndsTheDefinition()
    {
        Assert.Equal(["y 1", "x", "z"], Lines(Parse("$M=x \\\n\ny 1\n$M\nz")));
    }

    [Fact]
    public void Multiline_CommentLine_DoesNotEndTheDefinition()
    {
        Assert.Equal(["a", "b"], Lines(Parse("$M=a \\\n# note\nb\n$M")));
    }

    [Fact]
    public void Multiline_UsedBeforeEndOfLine_IsNotReplaced()
    {
        Assert.Equal(["x $M y"], Lines(Parse("$M=a \\\nb\nx $M y")));
    }

    [Fact]
    public void Multiline_ConditionalLinesInside_AreCheckedAtUse()
    {
        Assert.Equal(["a 1", "c 3"], Lines(Parse("$M= \\\n@main a 1 \\\n@backup b 2 \\\nc 3\n$M", "main")));
    }

    [Fact]
    public void Predefined_HashAndBang_InsideQuotesSurviveCommentRemoval()
    {
        var node = Assert.Single(Parse("x \"a${_HASH}b${_BANG}c\"").Nodes);

        Assert.Equal("a#b!c", node.Arguments[0].Text);
    }

    [Fact]
    public void Predefined_HashOutsideQuotes_StartsACommentAfterSubstitution()
    {
        // keepalived runs decomment() again after substituting, so an unquoted ${_HASH} cuts the line.
        Assert.Equal(["x a"], Lines(Parse("x a${_HASH}b")));
    }

    [Fact]
    public void Predefined_InstanceAndPwd_AreTheConfigIdAndTheFileDirectory()
    {
        Assert.Equal(["x node1 /etc/keepalived"], Lines(Parse("x ${_INSTANCE} ${_PWD}", "node1")));
    }

    [Fact]
    public void Predefined_Random_IsInRangeAndReproducibleWithASeed()
    {
        string text = string.Join('\n', Enumerable.Range(0, 50).Select(_ => "r ${_RANDOM 5 9}"));

        var first = Lines(Parse(text, seed: 3));
        var second = Lines(Parse(text, seed: 3));

        Assert.Equal(first, second);
        Assert.All(first, l => Assert.InRange(int.Parse(l[2..], System.Globalization.CultureInfo.InvariantCulture), 5, 9));
        Assert.True(first.Distinct().Count() > 1);
    }

    [Fact]
    public void Predefined_RandomWithoutArguments_IsBetween0And32767()
    {
        int value = int.Parse(Lines(Parse("${_RANDOM}"))[0], System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(value, 0, 32767);
    }

    [Fact]
    public void Predefined_CanBeOverridden()
    {
        Assert.Equal(["x mine"], Lines(Parse("$_INSTANCE=mine\nx ${_INSTANCE}")));
    }

    [Theory]
    [InlineData("~SEQ(I, 3) x $I", new[] { "x 1", "x 2", "x 3" })]
    [InlineData("~SEQ(I, -2) x $I", new[] { "x -1", "x -2" })]
    [InlineData("~SEQ(I, 5, 3) x $I", new[] { "x 5", "x 4", "x 3" })]
    [InlineData("~SEQ(I, 0, 5, 12) x $I", new[] { "x 0", "x 5", "x 10" })]
    [InlineData("~SEQ(I, 010, 011) x $I", new[] { "x 8", "x 9" })]
    [InlineData("~SEQx(I, 9, 11) x $I", new[] { "x 9", "x a", "x b" })]
    [InlineData("~SEQ(I,2,2) x $I", new[] { "x 2" })]
    public void Seq_CountsLikeKeepalived(string line, string[] expected)
    {
        Assert.Equal(expected, Lines(Parse(line)));
    }

    [Fact]
    public void Seq_NumbersFromParameters_AreSubstituted()
    {
        Assert.Equal(["x 1", "x 2"], Lines(Parse("$N=2\n~SEQ(I, 1, $N) x $I")));
    }

    [Theory]
    [InlineData("~SEQ(I, 1, 0, 5) x")]
    [InlineData("~SEQ(I, 1, -1, 5) x")]
    [InlineData("~SEQ(I, 1, 5 x")]
    [InlineData("~SEQ I, 1, 5) x")]
    [InlineData("~SEQx(I, -1, 5) x")]
    [InlineData("~SEQ(I, 1, 100000000) x")]
    public void Seq_Invalid_IsAnError(string line)
    {
        var document = Parse(line);

        Assert.Equal(SyntaxCodes.InvalidSequence, Assert.Single(Errors(document)).Code);
        Assert.Empty(document.Nodes);
    }

    [Theory]
    [InlineData("~LST(V, a, b) x $V", new[] { "x a", "x b" })]
    [InlineData("~LST({A, B}, {1, 2}, {3}) x $A-$B.", new[] { "x 1-2.", "x 3-." })]
    public void Lst_AssignsEachValueSet(string line, string[] expected)
    {
        Assert.Equal(expected, Lines(Parse(line.Replace("$A-$B.", "${A}-${B}.", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("~LST({A}, {1, 2}) x")]
    [InlineData("~LST(A) x")]
    [InlineData("~LST A, 1) x")]
    public void Lst_Invalid_IsAnError(string line)
    {
        Assert.Equal(SyntaxCodes.InvalidList, Assert.Single(Errors(Parse(line))).Code);
    }

    [Fact]
    public void Loop_InsideBlock_RepeatsStatementsInThatBlock()
    {
        Assert.Equal(["virtual_ipaddress {", "192.0.2.1/32", "192.0.2.2/32", "}"], Lines(Parse("virtual_ipaddress {\n~SEQ(N, 1, 2) 192.0.2.${N}/32\n}")));
    }

    [Fact]
    public void Loop_ProducingBlocks_BalancesBraces()
    {
        var document = Parse("~SEQ(N, 1, 3) vrrp_instance VI_${N} { virtual_router_id ${N} }");

        AssertNoErrors(document);
        Assert.Equal(3, document.Nodes.Count);
        Assert.Equal("3", document.Nodes[2].Children![0].Arguments[0].Text);
    }

    [Fact]
    public void Loop_HeldInAParameter_RunsWhereTheParameterIsUsed()
    {
        Assert.Equal(["x 1", "x 2"], Lines(Parse("$L=~SEQ(I, 1, 2) x $I\n$L")));
    }

    [Fact]
    public void Loop_Tokens_PointAtTheLoopLine()
    {
        var document = Parse("a 0\n  ~SEQ(N, 1, 2) vip 192.0.2.${N}");

        Assert.All(document.Nodes.Skip(1), n => Assert.Equal(new SourceLocation("/etc/keepalived/keepalived.conf", 2, 17), n.Location));
        Assert.Equal(21, document.Nodes[2].Arguments[0].Location.Column);
    }

    [Fact]
    public void Loop_LineStartingWithTildeButNotALoop_IsKeptUnsubstituted()
    {
        Assert.Equal(["~x $V"], Lines(Parse("$V=1\n~x $V")));
    }
}
