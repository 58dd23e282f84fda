using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>keepalived 2.3.3's <c>state_dump_file</c>, <c>stats_dump_file</c> and <c>json_dump_file</c> in global_defs.</summary>
public sealed class DumpFileKeywordTests
{
    [Fact]
    public void Bind_JsonDumpFileAbsolute_SetsThePath()
    {
        GlobalDefs global = Conf.Model("global_defs {\n  json_dump_file /var/lib/vigil/keepalived.json\n}\n").Global;

        Assert.Equal("/var/lib/vigil/keepalived.json", global.JsonDumpFile);
        Assert.Null(global.StateDumpFile);
        Assert.Null(global.StatsDumpFile);
    }

    [Fact]
    public void Bind_AllThreeDumpFiles_EachSetsItsOwnPath()
    {
        GlobalDefs global = Conf.Model("global_defs {\n  state_dump_file /run/k/state\n  stats_dump_file \"/run/k/stats\"\n  json_dump_file /run/k/json\n}\n").Global;

        Assert.Equal(("/run/k/state", "/run/k/stats", "/run/k/json"), (global.StateDumpFile, global.StatsDumpFile, global.JsonDumpFile));
    }

    [Fact]
    public void Bind_NoDumpFileKeywords_PathsStayNullForTheDaemonsDefaults()
    {
        GlobalDefs global = Conf.Model("global_defs {\n  router_id lb1\n}\n").Global;

        Assert.Null(global.JsonDumpFile);
        Assert.Null(global.StateDumpFile);
        Assert.Null(global.StatsDumpFile);
    }

    [Theory]
    [InlineData("json_dump_file keepalived.json", "keepalived.json")]
    [InlineData("state_dump_file ./state", "./state")]
    [InlineData("stats_dump_file /run/vigil/", "/run/vigil/")]
    public void Bind_DumpFileNotAnAbsoluteFilePath_ErrorAtTheValueWithAFix(string line, string value)
    {
        var result = Conf.Bind($"global_defs {{\n  {line}\n}}\n");

        Diagnostic error = Assert.Single(result.Errors());
        Assert.Equal("invalid-value", error.Code);
        Assert.Equal(2, error.Location.Line);
        Assert.Equal(line.IndexOf(value, StringComparison.Ordinal) + 3, error.Location.Column);
        Assert.Contains("is not an absolute file path", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.conf:2:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("/run/vigil/", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_JsonDumpFileWithoutValue_MissingArgumentError()
    {
        var result = Conf.Bind("global_defs {\n  json_dump_file\n}\n");

        Assert.Equal("missing-argument", Assert.Single(result.Errors()).Code);
    }

    [Fact]
    public void Bind_JsonDumpFileWithTwoValues_ExtraArgumentError()
    {
        var result = Conf.Bind("global_defs {\n  json_dump_file /a /b\n}\n");

        Assert.Equal("extra-argument", Assert.Single(result.Errors()).Code);
    }
}
