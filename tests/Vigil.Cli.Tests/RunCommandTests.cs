namespace Vigil.Cli.Tests;

/// <summary><c>vigil run</c> refuses to start, before touching the network, when the configuration cannot run.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-run-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text)
    {
        string path = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Run_ConfigWithError_ExitsOneNamingFileAndLine()
    {
        string path = Write("vrrp_instance VI_1 {\n    interface lo\n    virtual_router_id 300\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n");

        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", path);

        Assert.Equal(1, exit);
        Assert.Contains(path + ":3:", error, StringComparison.Ordinal);
        Assert.Contains("refusing to start", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingInterface_ExitsOneNamingInstanceAndInterface()
    {
        string path = Write("vrrp_instance VI_1 {\n    interface vgnope0\n    virtual_router_id 51\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n");

        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", path, "-n", "-l", "-D");

        Assert.Equal(1, exit);
        Assert.Contains(path + ":1:", error, StringComparison.Ordinal);
        Assert.Contains("'vgnope0' of vrrp_instance VI_1", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsOne()
    {
        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", Path.Combine(_directory, "absent.conf"));

        Assert.Equal(1, exit);
        Assert.Contains("absent.conf", error, StringComparison.Ordinal);
    }

    /// <summary>Where the kernel has no IPVS (this host: no ip_vs module) virtual servers are refused, never run with 0 instances.</summary>
    [KernelWithoutIpvsFact]
    public void Run_VirtualServerWithoutIpvs_ExitsOneNamingTheKernelModule()
    {
        string path = Write("virtual_server 192.0.2.10 80 {\n    real_server 192.0.2.11 80 {\n        TCP_CHECK {\n        }\n    }\n}\n");

        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", path);

        Assert.Equal(1, exit);
        Assert.Contains(path + ":1:1: error:", error, StringComparison.Ordinal);
        Assert.Contains("modprobe ip_vs", error, StringComparison.Ordinal);
        Assert.Contains("refusing to start", error, StringComparison.Ordinal);
    }
}

/// <summary>Skips (with the reason shown) on a kernel that has IPVS, where the refusal cannot happen.</summary>
internal sealed class KernelWithoutIpvsFactAttribute : FactAttribute
{
    public KernelWithoutIpvsFactAttribute()
    {
        if (Vigil.Linux.Ipvs.IpvsClient.IsAvailable(out _))
        {
            Skip = "this kernel has IPVS; the refusal is for kernels without it (tests/lvs-guest runs the LVS side)";
        }
    }
}
