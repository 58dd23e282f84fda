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
}
