using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>include and its checked variants, as keepalived 2.2.7's open_glob_file() treats them.</summary>
public class IncludeTests
{
    private const string Main = "/etc/keepalived/keepalived.conf";

    private static ConfigDocument Load(string main, params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryConfigFileSystem().Add(Main, main);
        foreach (var (path, text) in files)
            fileSystem.Add(path, text);
        return ConfigLoader.Load(Main, new ConfigLoadOptions { ConfigId = "main", FileSystem = fileSystem });
    }

    [Fact]
    public void Include_RelativePath_IsRelativeToTheIncludingFile()
    {
        var document = Load("include conf.d/a.conf\nz 9",
            ("/etc/keepalived/conf.d/a.conf", "a 1\ninclude b.conf"),
            ("/etc/keepalived/conf.d/b.conf", "b 2"));

        AssertNoErrors(document);
        Assert.Equal(["a 1", "b 2", "z 9"], Lines(document));
    }

    [Fact]
    public void Include_Tokens_NameTheIncludedFile()
    {
        var document = Load("x 0\n  include /etc/other.conf", ("/etc/other.conf", "\n  y 1"));

        Assert.Equal(new SourceLocation("/etc/other.conf", 2, 3), document.Nodes[1].Location);
    }

    [Fact]
    public void Include_InsideBlock_AddsToThatBlock()
    {
        var document = Load("vrrp_instance V {\n include vips.conf\n}", ("/etc/keepalived/vips.conf", "virtual_ipaddress {\n 192.0.2.1\n}"));

        AssertNoErrors(document);
        Assert.Equal(["vrrp_instance V {", "virtual_ipaddress {", "192.0.2.1", "}", "}"], Lines(document));
    }

    [Fact]
    public void Include_Glob_IncludesMatchesInSortedOrder()
    {
        var document = Load("include conf.d/*.conf",
            ("/etc/keepalived/conf.d/20-b.conf", "b 2"),
            ("/etc/keepalived/conf.d/10-a.conf", "a 1"),
            ("/etc/keepalived/conf.d/30-c.txt", "c 3"));

        Assert.Equal(["a 1", "b 2"], Lines(document));
    }

    [Fact]
    public void Include_Braces_IncludeEachAlternativeInOrder()
    {
        var document = Load("include {z,a}.conf", ("/etc/keepalived/a.conf", "a 1"), ("/etc/keepalived/z.conf", "z 2"));

        Assert.Equal(["z 2", "a 1"], Lines(document));
    }

    [Fact]
    public void Include_ParametersDefinedInIncludedFile_AreVisibleAfterwards()
    {
        Assert.Equal(["x 7"], Lines(Load("include p.conf\nx $P", ("/etc/keepalived/p.conf", "$P=7"))));
    }

    [Fact]
    public void Include_PwdInIncludedFile_IsItsDirectory()
    {
        Assert.Equal(["x /etc/keepalived/conf.d", "y /etc/keepalived"],
            Lines(Load("include conf.d/a.conf\ny ${_PWD}", ("/etc/keepalived/conf.d/a.conf", "x ${_PWD}"))));
    }

    [Theory]
    [InlineData("include", Severity.Error)]
    [InlineData("includer", Severity.Error)]
    [InlineData("includem", Severity.Error)]
    [InlineData("includew", Severity.Error)]
    [InlineData("includea", Severity.Error)]
    public void Include_MissingFile_IsAnErrorOnlyWithTheMatchCheck(string keyword, Severity expected)
    {
        var diagnostic = Assert.Single(Load($"{keyword} missing.conf").Diagnostics);

        Assert.Equal(expected, diagnostic.Severity);
        Assert.Equal(SyntaxCodes.FileNotFound, diagnostic.Code);
        Assert.Equal(new SourceLocation(Main, 1, keyword.Length + 2), diagnostic.Location);
    }

    [Theory]
    [InlineData("include", Severity.Info)]
    [InlineData("includem", Severity.Info)]
    [InlineData("includew", Severity.Error)]
    [InlineData("includea", Severity.Error)]
    public void Include_WildcardMatchingNothing_IsAnErrorOnlyWithTheWildcardCheck(string keyword, Severity expected)
    {
        var diagnostic = Assert.Single(Load($"{keyword} conf.d/*.conf", ("/etc/keepalived/conf.d/readme.txt", "")).Diagnostics);

        Assert.Equal(expected, diagnostic.Severity);
        Assert.Equal(SyntaxCodes.IncludeNoMatch, diagnostic.Code);
    }

    [Fact]
    public void Include_BraceWithMissingAlternative_IncludesTheRestWithAWarning()
    {
        var document = Load("include {a,missing}.conf", ("/etc/keepalived/a.conf", "a 1"));

        Assert.Equal(["a 1"], Lines(document));
        Assert.Equal(Severity.Warning, Assert.Single(document.Diagnostics).Severity);
    }

    [Fact]
    public void Includeb_BraceWithMissingAlternative_IsAnErrorAndIncludesNothing()
    {
        var document = Load("includeb {a,missing}.conf", ("/etc/keepalived/a.conf", "a 1"));

        Assert.Empty(document.Nodes);
        Assert.Equal(SyntaxCodes.FileNotFound, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void Includer_Directory_IsAnError()
    {
        var document = Load("includer conf.d", ("/etc/keepalived/conf.d/a.conf", "a 1"));

        Assert.Equal(SyntaxCodes.FileUnreadable, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void IncludeCheck_InGlobalDefs_MakesLaterPlainIncludesStrict()
    {
        var document = Load("global_defs {\n include_check\n}\ninclude missing.conf");

        Assert.Equal(SyntaxCodes.FileNotFound, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void IncludeCheck_WithMinus_RemovesACheck()
    {
        var document = Load("global_defs {\n include_check\n include_check +read -match\n}\nincludem missing.conf");

        // includem adds "match" back for its own include.
        Assert.Single(Errors(document));
        Assert.Empty(Errors(Load("global_defs {\n include_check -match\n}\ninclude missing.conf")));
    }

    [Fact]
    public void Include_MissingFileByDefault_IsAnErrorNamingTheOptIn()
    {
        var diagnostic = Assert.Single(Load("include conf.d/instances.conf").Diagnostics);

        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Equal(SyntaxCodes.FileNotFound, diagnostic.Code);
        Assert.Contains("include_check -match", diagnostic.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_MissingFileAfterIncludeCheckMinusMatch_IsOnlyAWarningAsInKeepalived()
    {
        var diagnostic = Assert.Single(Load("global_defs {\n include_check -match\n}\ninclude conf.d/instances.conf").Diagnostics);

        Assert.Equal(Severity.Warning, diagnostic.Severity);
        Assert.Equal(SyntaxCodes.FileNotFound, diagnostic.Code);
    }

    [Fact]
    public void IncludeCheck_UnknownType_IsAnError()
    {
        Assert.Equal(SyntaxCodes.UnknownIncludeCheck, Assert.Single(Errors(Load("include_check sometimes"))).Code);
    }

    [Fact]
    public void Include_Cycle_IsAnErrorNotAHang()
    {
        var document = Load("include a.conf", ("/etc/keepalived/a.conf", "a 1\ninclude b.conf"), ("/etc/keepalived/b.conf", "b 2\ninclude ./a.conf"));

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.IncludeCycle, error.Code);
        Assert.Equal(new SourceLocation("/etc/keepalived/b.conf", 2, 9), error.Location);
        Assert.Equal(["a 1", "b 2"], Lines(document));
    }

    [Fact]
    public void Include_Itself_IsACycle()
    {
        Assert.Equal(SyntaxCodes.IncludeCycle, Assert.Single(Errors(Load("include keepalived.conf"))).Code);
    }

    [Fact]
    public void Include_SameFileTwiceInARow_IsNotACycle()
    {
        Assert.Equal(["a 1", "a 1"], Lines(Load("include a.conf\ninclude a.conf", ("/etc/keepalived/a.conf", "a 1"))));
    }

    [Fact]
    public void Include_AfterConditional_FollowsTheCondition()
    {
        Assert.Equal(["a 1"], Lines(Load("@main include a.conf\n@backup include b.conf", ("/etc/keepalived/a.conf", "a 1"), ("/etc/keepalived/b.conf", "b 1"))));
    }

    [Fact]
    public void Load_MissingMainFile_IsAnError()
    {
        var document = ConfigLoader.Load("/nowhere/keepalived.conf", new ConfigLoadOptions());

        Assert.Equal(SyntaxCodes.FileNotFound, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void Load_RelativeMainPath_IsResolvedAgainstTheWorkingDirectory()
    {
        var fileSystem = new InMemoryConfigFileSystem().Add("/srv/k.conf", "x ${_PWD}");

        var document = ConfigLoader.Load("k.conf", new ConfigLoadOptions { FileSystem = fileSystem, WorkingDirectory = "/srv" });

        Assert.Equal(["x /srv"], Lines(document));
    }
}
