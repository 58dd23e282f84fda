using Vigil.Linux.Control;

namespace Vigil.Daemon.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrivateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-private-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Write_NewFile_Mode0600WithContent()
    {
        string path = Path.Combine(_directory, "keepalived.json");

        PrivateFile.Write(path, "[]"u8);

        Assert.Equal("[]", File.ReadAllText(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Write_SymlinkPlantedAtTarget_ReplacesTheLinkNeverWritesThroughIt()
    {
        string victim = Path.Combine(_directory, "victim");
        File.WriteAllText(victim, "precious");
        string path = Path.Combine(_directory, "keepalived.data");
        File.CreateSymbolicLink(path, victim);

        PrivateFile.Write(path, "dump"u8);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("dump", File.ReadAllText(path));
        Assert.Equal(2, Directory.GetFiles(_directory).Length); // no temporary file left behind
    }
}
