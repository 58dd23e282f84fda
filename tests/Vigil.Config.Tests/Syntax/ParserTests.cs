using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

public class ParserTests
{
    [Fact]
    public void Parse_BlockWithBraceOnKeywordLine_NestsChildren()
    {
        var document = Parse("""
            vrrp_instance VI_1 {
                state MASTER
                virtual_ipaddress {
                    192.0.2.1/24 dev eth0
                }
            }
            """);

        AssertNoErrors(document);
        ConfigNode instance = Assert.Single(document.Nodes);
        Assert.Equal("vrrp_instance", instance.Name);
        Assert.Equal("VI_1", Assert.Single(instance.Arguments).Text);
        Assert.Equal(["state MASTER", "virtual_ipaddress {"], Lines(new ConfigDocument("", instance.Children!, [])).Take(2));
        ConfigNode vip = instance.Children![1].Children![0];
        Assert.Equal("192.0.2.1/24", vip.Name);
        Assert.Equal(["dev", "eth0"], vip.Arguments.Select(a => a.Text));
    }

    [Fact]
    public void Parse_BraceOnItsOwnLine_OpensBlockOfPreviousStatement()
    {
        var document = Parse("vrrp_instance VI_1\n{\n  priority 100\n}\n");

        AssertNoErrors(document);
        Assert.Equal(["vrrp_instance VI_1 {", "priority 100", "}"], Lines(document));
    }

    [Fact]
    public void Parse_WholeBlockOnOneLine_SplitsAtBraces()
    {
        var document = Parse("virtual_ipaddress { 192.0.2.1 192.0.2.2 }\ntrack_script { chk } weight 2");

        AssertNoErrors(document);
        Assert.Equal(["virtual_ipaddress {", "192.0.2.1 192.0.2.2", "}", "track_script {", "chk", "}", "weight 2"], Lines(document));
    }

    [Fact]
    public void Parse_OneLineClosingSeveralBlocks_ClosesEach()
    {
        var document = Parse("a {\nb {\nc {\nx 1\n} } }\nd 2");

        AssertNoErrors(document);
        Assert.Equal(["a {", "b {", "c {", "x 1", "}", "}", "}", "d 2"], Lines(document));
    }

    [Fact]
    public void Parse_TokensKeepFileLineAndColumn()
    {
        var document = Parse("global_defs {\n    router_id  node1\n}\n");

        ConfigNode routerId = document.Nodes[0].Children![0];
        Assert.Equal(new SourceLocation("/etc/keepalived/keepalived.conf", 2, 5), routerId.Keyword.Location);
        Assert.Equal(new SourceLocation("/etc/keepalived/keepalived.conf", 2, 16), routerId.Arguments[0].Location);
    }

    [Fact]
    public void Parse_ColumnsAfterBraceSplit_PointIntoTheOriginalLine()
    {
        var document = Parse("track_script { chk_a }");

        ConfigNode entry = document.Nodes[0].Children![0];
        Assert.Equal(16, entry.Keyword.Location.Column);
    }

    [Fact]
    public void Parse_ExtraClosingBrace_IsAnErrorAtTheBrace()
    {
        var document = Parse("a {\n}\n}\n");

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.ExtraCloseBrace, error.Code);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Parse_MissingClosingBrace_IsAnErrorAtTheBlockKeyword()
    {
        var document = Parse("global_defs {\n  router_id x\nvrrp_instance VI_1 {\n  state BACKUP\n}\n");

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.UnclosedBlock, error.Code);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("global_defs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OpenBraceWithoutKeyword_IsAnError()
    {
        var document = Parse("{\n x 1\n}\ny 2\n");

        Assert.Equal(SyntaxCodes.UnexpectedOpenBrace, Assert.Single(Errors(document)).Code);
        Assert.Equal(["y 2"], Lines(document));
    }

    [Fact]
    public void Parse_QuotedBrace_IsTextNotABlock()
    {
        var document = Parse("notify_master \"/bin/echo { }\"");

        AssertNoErrors(document);
        ConfigToken argument = Assert.Single(Assert.Single(document.Nodes).Arguments);
        Assert.Equal("/bin/echo { }", argument.Text);
        Assert.True(argument.Quoted);
    }

    [Fact]
    public void Parse_StatementKeepsItsPreprocessedSourceText()
    {
        var document = Parse("notify_master \"/x.sh 'a b'\" root   # comment");

        Assert.Equal("notify_master \"/x.sh 'a b'\" root", Assert.Single(document.Nodes).SourceText);
    }

    [Fact]
    public void Parse_UnterminatedQuote_IsAnError()
    {
        var document = Parse("notify_master \"/bin/true\n");

        Assert.Equal(SyntaxCodes.UnterminatedQuote, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void Parse_EmptyText_GivesEmptyDocument()
    {
        var document = Parse("");

        Assert.Empty(document.Nodes);
        Assert.Empty(document.Diagnostics);
    }
}
