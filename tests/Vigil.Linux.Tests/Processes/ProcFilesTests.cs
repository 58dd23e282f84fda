using System.Diagnostics;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>The start-up /proc scan against the real /proc.</summary>
public class ProcFilesTests
{
    [Fact]
    public void Scan_RealProc_FindsASleepStartedByTheTest()
    {
        using var sleep = Process.Start(new ProcessStartInfo("/bin/sleep", ["30"]))!;
        try
        {
            var processes = ProcScanner.Scan(ProcFiles.Entries(), ProcFiles.Read);
            var found = Assert.Single(processes, p => p.Pid == sleep.Id);
            Assert.Equal("sleep", found.Comm);
            Assert.Equal(["/bin/sleep", "30"], found.CommandLine);
            var tracked = new TrackProcess("sl", "sleep", SourceRef.None);
            Assert.True(ProcessMatcher.Count(tracked, processes) >= 1);
        }
        finally
        {
            sleep.Kill();
            sleep.WaitForExit();
        }
    }
}
