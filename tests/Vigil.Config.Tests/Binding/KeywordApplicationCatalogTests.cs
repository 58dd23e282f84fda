using System.Text.RegularExpressions;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Every keyword the binder reads is either applied by <c>vigil run</c> (a named test proves it) or diagnosed:
/// never "OK" while doing less than keepalived (issue 11).
/// </summary>
public sealed class KeywordApplicationCatalogTests
{
    public static TheoryData<string, string> BoundKeywords()
    {
        var data = new TheoryData<string, string>();
        foreach ((string block, IEnumerable<string> keywords) in KeywordCatalog.BoundKeywords())
        {
            foreach (string keyword in keywords.Order(StringComparer.Ordinal))
            {
                data.Add(block, keyword);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BoundKeywords))]
    public void Catalog_EveryBoundKeyword_HasAnApplicationStatus(string block, string keyword)
    {
        KeywordStatus? status = KeywordApplication.Of(block, keyword);
        Assert.True(status is not null, $"'{keyword}' in '{block}' is bound but has no row in KeywordApplication: say whether vigil run applies it (and the test proving it) or not");
        Assert.False(string.IsNullOrWhiteSpace(status.Detail));
        if (status.Support == KeywordSupport.Diagnosed)
        {
            Assert.False(string.IsNullOrWhiteSpace(status.Hint), $"'{keyword}' is diagnosed without a hint");
        }
    }

    [Fact]
    public void Catalog_EveryRow_IsABoundKeyword()
    {
        var bound = KeywordCatalog.BoundKeywords().SelectMany(b => b.Keywords.Select(k => (b.Block, k))).ToHashSet();
        string[] stale = [.. KeywordApplication.Rows.Where(r => !bound.Contains((r.Block, r.Keyword))).Select(r => $"{r.Block}/{r.Keyword}")];
        Assert.Empty(stale);
    }

    [Fact]
    public void Catalog_EveryAppliedRow_NamesATestMethodThatExists()
    {
        string[] sources = [.. Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "tests"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText)];
        var missing = new List<string>();
        foreach ((string block, string keyword, KeywordStatus status) in KeywordApplication.Rows.Where(r => r.Status.Support == KeywordSupport.Applied))
        {
            string[] parts = status.Detail.Split('.');
            if (parts.Length != 2 || !sources.Any(s => DeclaresTest(s, parts[0], parts[1])))
            {
                missing.Add($"{block}/{keyword}: {status.Detail}");
            }
        }

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("vrf", "", "vrf blue", "")]
    public void Bind_KeywordVigilRunDoesNotApply_WarnsNotAppliedNamingIt(string keyword, string global, string body, string top)
    {
        ConfigBindResult result = Conf.Bind($"{top}\nglobal_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{body}\nvirtual_ipaddress {{\n192.0.2.1/24\n}}\n}}\n");

        Diagnostic warning = Assert.Single(result.Diagnostics, d => d.Code == ConfigBinder.NotAppliedCode && d.Message.StartsWith($"'{keyword}' ", StringComparison.Ordinal));
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains("is read but not applied by vigil run:", warning.Message, StringComparison.Ordinal);
        Assert.NotNull(warning.Hint);
    }

    [Fact]
    public void Bind_AppliedKeywords_NoNotAppliedWarning()
    {
        ConfigBindResult result = Conf.BindInstance("priority 150\nadvert_int 1\nnopreempt\ngarp_master_repeat 3\nuse_vmac\nvmac_xmit_base\nauthentication {\nauth_type PASS\nauth_pass secret\n}", global: "router_id lb1\nvrrp_garp_master_delay 2");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == ConfigBinder.NotAppliedCode);
    }

    [Fact]
    public void Bind_AuthTypeAh_IsAnErrorNamingSplitBrainAndTheMigration()
    {
        ConfigBindResult result = Conf.BindInstance("state BACKUP\nauthentication {\nauth_type AH\nauth_pass secret\n}");

        Diagnostic error = result.Single(AuthenticationKeywords.AhRefusedCode);
        Assert.Single(result.Errors());
        Assert.Equal(Severity.Error, error.Severity);
        Assert.Contains("split brain", error.Message, StringComparison.Ordinal);
        Assert.Contains("RFC 3768", error.Message, StringComparison.Ordinal);
        Assert.Contains("auth_type PASS", error.Hint, StringComparison.Ordinal);
        Assert.Contains("every node", error.Hint, StringComparison.Ordinal);
    }

    /// <summary>The file declares the class and a public test method of that name (attributes such as [SkippableFact] or [Theory] with data vary too much to match).</summary>
    private static bool DeclaresTest(string source, string className, string method) =>
        Regex.IsMatch(source, $@"\bclass {Regex.Escape(className)}\b") && Regex.IsMatch(source, $@"public (async )?(void|Task) {Regex.Escape(method)}\(")
        && (source.Contains("Fact]", StringComparison.Ordinal) || source.Contains("Theory]", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vigil.sln not found above " + AppContext.BaseDirectory);
    }
}
