using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>Parsing /proc/PID/stat and cmdline as keepalived's read_procs does.</summary>
public class ProcScannerTests
{
    [Fact]
    public void ParseComm_NameWithSpacesAndParentheses_TakesUpToTheLastParenthesis()
    {
        Assert.Equal("a (b) c", ProcScanner.ParseComm("42 (a (b) c) S 1 42 42 0"));
    }

    [Fact]
    public void ParseComm_Zombie_IsSkipped()
    {
        Assert.Null(ProcScanner.ParseComm("42 (nginx) Z 1 42"));
    }

    [Fact]
    public void ParseCmdline_NulSeparated_GivesArgv()
    {
        Assert.Equal(["/usr/sbin/nginx", "-g", "daemon on;"], ProcScanner.ParseCmdline("/usr/sbin/nginx\0-g\0daemon on;\0"));
        Assert.Empty(ProcScanner.ParseCmdline(""));
    }

    [Fact]
    public void Scan_VanishedProcessAndNonPidEntries_AreSkipped()
    {
        var files = new Dictionary<string, string>
        {
            ["/proc/10/stat"] = "10 (nginx) S 1",
            ["/proc/10/cmdline"] = "nginx: master process\0",
        };
        var processes = ProcScanner.Scan(["self", "10", "11"], path => files.GetValueOrDefault(path));
        var only = Assert.Single(processes);
        Assert.Equal(new ProcessSnapshot(10, "nginx", only.CommandLine), only);
        Assert.Equal(["nginx: master process"], only.CommandLine);
    }
}
