using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Model;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Tracking;

namespace Vigil.Daemon.Tests;

/// <summary>track_file init_file never writes through a symlink planted at the path, and writes 0644 whatever the umask (real files).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrackFileInitTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-trackfile-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void Watch(string path, bool overwrite)
    {
        var file = new TrackFile("tf", path, SourceRef.None) { InitFile = true, InitValue = 7, InitOverwrite = overwrite };
        using var watcher = new TrackFileWatcher(file, Channel.CreateUnbounded<DaemonEvent>().Writer, TimeProvider.System, NullLogger.Instance);
    }

    [Fact]
    public void InitFile_DanglingSymlinkAtThePath_DoesNotCreateItsTarget()
    {
        string victim = Path.Combine(_directory, "cron-job");
        string path = Path.Combine(_directory, "track");
        File.CreateSymbolicLink(path, victim);

        Watch(path, overwrite: false);

        Assert.False(File.Exists(victim), "init_file wrote through the planted symlink");
    }

    [Fact]
    public void InitFileOverwrite_SymlinkToAnExistingFile_ReplacesTheLinkNotTheFile()
    {
        string victim = Path.Combine(_directory, "shadow");
        File.WriteAllText(victim, "precious");
        string path = Path.Combine(_directory, "track");
        File.CreateSymbolicLink(path, victim);

        Watch(path, overwrite: true);

        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal("7\n", File.ReadAllText(path));
    }

    [Fact]
    public void InitFile_UnderUmask000_Is0644()
    {
        string path = Path.Combine(_directory, "track");
        uint previous = Umask(0);
        try
        {
            Watch(path, overwrite: false);
        }
        finally
        {
            Umask(previous);
        }

        Assert.Equal((UnixFileMode)0x1A4, File.GetUnixFileMode(path)); // 0644
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "umask")]
    private static extern uint Umask(uint mask);
}
