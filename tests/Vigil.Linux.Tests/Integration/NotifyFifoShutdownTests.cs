using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Model;
using Vigil.Daemon.Notify;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// notify_fifo at shutdown: the last lines (STOP, priority 0) reach the notify_fifo_script reader before
/// it is stopped; a reader that never reads is stopped within the bound. Real FIFO, real shell readers.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NotifyFifoShutdownTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-fifo-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Dispose_LinesWrittenJustBefore_ReachTheReaderBeforeItStops()
    {
        string output = Path.Combine(_directory, "lines");
        string reader = Script("reader.sh", $"while read -r line; do echo \"$line\" >> {output}; done < \"$1\"");
        string[] lines = ["INSTANCE \"VI_1\" STOP 100", "INSTANCE \"VI_2\" STOP 0", "GROUP \"G\" STOP 0"];

        NotifyFifoWriter writer = Writer(reader);
        foreach (string line in lines)
        {
            writer.Write(line + "\n");
        }

        writer.Dispose(); // at once: the reader may not even have opened the FIFO yet

        Assert.Equal(lines, File.ReadAllLines(output));
    }

    [Fact]
    public void Dispose_ReaderThatNeverReads_IsStoppedWithinTheBound()
    {
        string marker = Path.Combine(_directory, "pid");
        string reader = Script("stuck.sh", $"echo $$ > {marker}.tmp && mv {marker}.tmp {marker}; exec sleep 60");
        NotifyFifoWriter writer = Writer(reader);
        WaitFor(() => File.Exists(marker), "the reader should have started");
        string pid = File.ReadAllText(marker).Trim();
        writer.Write("INSTANCE \"VI_1\" STOP 100\n");

        var clock = Stopwatch.StartNew();
        writer.Dispose();

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // bounded (2 s), never a hang
        WaitFor(() => !IsSleep(pid), "the reader should be stopped");
    }

    private NotifyFifoWriter Writer(string reader)
    {
        var global = new GlobalDefs { ScriptUser = new ScriptUser("root", null) };
        var fifo = new FifoSpec(Path.Combine(_directory, "notify.fifo"), null, SourceRef.None);
        return new NotifyFifoWriter(fifo, new ScriptCommand(reader, null, SourceRef.None), new ScriptIdentity(global, new HostInspector()),
            new ProcessRunner(TimeProvider.System), NullLogger.Instance);
    }

    private string Script(string name, string body)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        return path;
    }

    private static void WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(20);
        }

        Assert.True(condition(), what);
    }

    private static bool IsSleep(string pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false; // gone
        }
    }
}
