namespace Vigil.Linux.Tests.Processes;

/// <summary>notify_fifo: a FIFO someone else planted is refused; a new one is 0600 (real FIFOs in a temp directory).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NamedPipeTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly string _dir = Directory.CreateTempSubdirectory("vgfifo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Ensure_FifoOwnedByAnotherUser_IsRefused()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to chown");
        string path = Path.Combine(_dir, "notify.fifo");
        Assert.Equal(0, HostCommand.Run("mkfifo", "-m", "0600", path).ExitCode);
        Assert.Equal(0, HostCommand.Run("chown", "nobody", path).ExitCode);

        var error = Assert.Throws<IOException>(() => NamedPipe.Ensure(path, 0, 0));
        Assert.Contains($"owned by uid {Nobody}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_WorldWritableFifo_IsRefused()
    {
        string path = Path.Combine(_dir, "notify.fifo");
        Assert.Equal(0, HostCommand.Run("mkfifo", "-m", "0666", path).ExitCode);

        var error = Assert.Throws<IOException>(() => NamedPipe.Ensure(path, 0, 0));
        Assert.Contains("writable by its group or by others", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ensure_Missing_CreatesA0600Fifo()
    {
        string path = Path.Combine(_dir, "notify.fifo");
        NamedPipe.Ensure(path, 0, 0);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void OpenForWriting_SymlinkToAFifo_IsNotFollowed()
    {
        string fifo = Path.Combine(_dir, "real.fifo");
        NamedPipe.Ensure(fifo, 0, 0);
        string link = Path.Combine(_dir, "link.fifo");
        File.CreateSymbolicLink(link, fifo);
        Assert.ThrowsAny<Exception>(() => NamedPipe.OpenForWriting(link).Dispose());
        NamedPipe.OpenForWriting(fifo).Dispose();
    }
}
