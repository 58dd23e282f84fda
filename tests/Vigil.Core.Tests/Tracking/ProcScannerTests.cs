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

    // A real line (sleep 60 started 2 451 012 ticks after boot), with a comm holding ") (" to defeat naive splitting.
    private const string Stat = "4242 (sl) (ee p) S 4200 4242 4200 34816 4242 4194304 95 0 0 0 0 0 0 0 20 0 1 0 2451012 8306688 232 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    [Fact]
    public void ParseStartTime_CommWithParenthesesAndSpaces_ReadsField22()
    {
        Assert.Equal(2451012UL, ProcScanner.ParseStartTime(Stat));
    }

    [Theory]
    [InlineData("")]
    [InlineData("42 (x")]
    [InlineData("42 (x) S 1 2 3")]
    [InlineData("42 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 -5")]
    public void ParseStartTime_TruncatedOrMalformed_IsNull(string stat)
    {
        Assert.Null(ProcScanner.ParseStartTime(stat));
    }

    [Fact]
    public void Scan_RecordsTheStartTime()
    {
        var files = new Dictionary<string, string> { ["/proc/4242/stat"] = Stat, ["/proc/4242/cmdline"] = "sleep\060\0" };
        Assert.Equal(2451012UL, Assert.Single(ProcScanner.Scan(["4242"], path => files.GetValueOrDefault(path))).StartTime);
    }

    [Theory]
    [InlineData(Stat, true)]
    [InlineData(null, false)] // gone
    [InlineData("4242 (sl) (ee p) Z 4200 4242 4200 34816 4242 4194304 95 0 0 0 0 0 0 0 20 0 1 0 2451012 0", false)] // a zombie: exited
    [InlineData("4242 (other) S 4200 4242 4200 34816 4242 4194304 95 0 0 0 0 0 0 0 20 0 1 0 2451012 0", false)] // exec'd into something else
    [InlineData("4242 (sl) (ee p) S 4200 4242 4200 34816 4242 4194304 95 0 0 0 0 0 0 0 20 0 1 0 9999999 0", false)] // the PID was reused
    public void IsSameProcess_FreshStat_MatchesOnlyTheSameLiveProcess(string? stat, bool same)
    {
        var found = new ProcessSnapshot(4242, "sl) (ee p", ["sleep", "60"], 2451012);
        Assert.Equal(same, ProcScanner.IsSameProcess(found, stat));
    }
}
