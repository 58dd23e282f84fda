using Vigil.Config.Binding;
using Vigil.Config.Cluster;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using Vigil.Config.Tests.Binding;

namespace Vigil.Config.Tests.Cluster;

public sealed class ClusterCheckerTests
{
    private static ClusterNode Node(string label, string instanceBody, string vips = "192.0.2.1/24") =>
        new(label, Conf.Model($"vrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{instanceBody}\nvirtual_ipaddress {{\n{vips}\n}}\n}}\n"));

    private static IReadOnlyList<Diagnostic> Check(params ClusterNode[] nodes) => ClusterChecker.Check(nodes);

    [Fact]
    public void Check_SeedPair_ReportsAuthenticationMismatchAsError()
    {
        string seed = Path.Combine(RepositoryRoot(), "examples", "seed-original");
        ClusterNode[] nodes = [.. new[] { "master.conf", "backup.conf" }.Select(file =>
        {
            ConfigDocument document = ConfigLoader.Load(Path.Combine(seed, file), new ConfigLoadOptions { FileSystem = new PhysicalConfigFileSystem() });
            return new ClusterNode(file, ConfigBinder.Bind(document).Config);
        })];

        Diagnostic auth = Assert.Single(Check(nodes), d => d.Code == "cluster-auth");
        Assert.Equal(Severity.Error, auth.Severity);
        Assert.Contains("no authentication", auth.Message, StringComparison.Ordinal);
        Assert.Contains("auth_type PASS", auth.Message, StringComparison.Ordinal);
        Assert.Contains("split brain", auth.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ConsistentUnicastPair_NoDiagnostics()
    {
        var a = Node("a", "state MASTER\npriority 150\nunicast_src_ip 192.0.2.2\nunicast_peer {\n192.0.2.3\n}");
        var b = Node("b", "state BACKUP\npriority 100\nunicast_src_ip 192.0.2.3\nunicast_peer {\n192.0.2.2\n}");
        Assert.Empty(Check(a, b));
    }

    [Fact]
    public void Check_DifferentPasswords_Error()
    {
        var a = Node("a", "priority 150\nauthentication {\nauth_type PASS\nauth_pass one\n}");
        var b = Node("b", "authentication {\nauth_type PASS\nauth_pass two\n}");
        Assert.Equal(Severity.Error, Assert.Single(Check(a, b)).Severity);
    }

    [Fact]
    public void Check_DifferentVersions_Error()
    {
        Assert.Contains(Check(Node("a", "priority 150\nversion 3"), Node("b", "version 2")), d => d.Code == "cluster-version" && d.Severity == Severity.Error);
    }

    [Fact]
    public void Check_DifferentAdvertIntV2_Error()
    {
        Assert.Contains(Check(Node("a", "priority 150\nadvert_int 1"), Node("b", "advert_int 2")), d => d.Code == "cluster-advert-int" && d.Severity == Severity.Error);
    }

    [Fact]
    public void Check_DifferentAdvertIntV3_Warning()
    {
        Assert.Contains(Check(Node("a", "priority 150\nversion 3\nadvert_int 0.5"), Node("b", "version 3\nadvert_int 1")), d => d.Code == "cluster-advert-int" && d.Severity == Severity.Warning);
    }

    [Fact]
    public void Check_DifferentVipLists_Error()
    {
        var result = Check(Node("a", "priority 150", vips: "192.0.2.1\n192.0.2.2"), Node("b", "", vips: "192.0.2.1"));
        Assert.Contains("192.0.2.2", Assert.Single(result, d => d.Code == "cluster-vips").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnicastPeerNotPointingAtOtherSource_Error()
    {
        var a = Node("a", "priority 150\nunicast_src_ip 192.0.2.2\nunicast_peer {\n192.0.2.99\n}");
        var b = Node("b", "unicast_src_ip 192.0.2.3\nunicast_peer {\n192.0.2.2\n}");
        Diagnostic d = Assert.Single(Check(a, b), d => d.Code == "cluster-unicast");
        Assert.Contains("192.0.2.3", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_UnicastAgainstMulticast_Error()
    {
        Assert.Contains(Check(Node("a", "priority 150\nunicast_peer {\n192.0.2.3\n}"), Node("b", "")), d => d.Code == "cluster-unicast");
    }

    [Fact]
    public void Check_DuplicatePriority_Warning()
    {
        Assert.Equal("cluster-priority", Assert.Single(Check(Node("a", ""), Node("b", ""))).Code);
    }

    [Fact]
    public void Check_TwoMastersEqualPriority_Warning()
    {
        Assert.Equal("cluster-master", Assert.Single(Check(Node("a", "state MASTER\npriority 100"), Node("b", "state MASTER\npriority 100"))).Code);
    }

    [Fact]
    public void Check_TwoAddressOwners_Error()
    {
        Diagnostic d = Assert.Single(Check(Node("a", "priority 255"), Node("b", "priority 255")));
        Assert.Equal(("cluster-owner", Severity.Error), (d.Code, d.Severity));
    }

    [Fact]
    public void Check_NopreemptOnlyOnSome_Warning()
    {
        Assert.Equal("cluster-nopreempt", Assert.Single(Check(Node("a", "priority 150\nnopreempt"), Node("b", ""))).Code);
    }

    [Fact]
    public void Check_VridOnOneNodeOnly_Warning()
    {
        var b = new ClusterNode("b", Conf.Model("vrrp_instance X {\ninterface eth0\nvirtual_router_id 52\nvirtual_ipaddress {\n192.0.2.7\n}\n}\n"));
        Assert.Equal(2, Check(Node("a", ""), b).Count(d => d.Code == "cluster-single-node"));
    }

    [Fact]
    public void Check_SingleNode_NothingToCompare()
    {
        Assert.Empty(Check(Node("a", "")));
    }

    internal static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Vigil.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Vigil.sln not found above the test binaries");
    }
}
