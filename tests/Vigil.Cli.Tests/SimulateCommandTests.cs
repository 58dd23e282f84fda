using System.Globalization;
using System.Text.Json;

namespace Vigil.Cli.Tests;

public sealed class SimulateCommandTests
{
    // Master_Down_Interval of the priority-90 backup: 3 × 1 s + (256 − 90)/256 s, in keepalived's µs.
    private const double BackupMasterDown = 3.648437;
    private const double BackupSkew = 0.648437;

    // The master (priority 100) becomes master at its own Master_Down_Interval, 3.609375 s, then
    // advertises every second: its last advert before 10 s leaves at 9.609375 s.
    private const double LastAdvertBeforeTen = 9.609375;

    private static string Fixture(string path) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Simulate", path);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(["simulate", .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static JsonElement RunJson(params string[] args)
    {
        (_, string output, string error) = Run([.. args, "--json"]);
        Assert.True(error.Length == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Timeline(JsonElement report) => report.GetProperty("timeline").EnumerateArray();

    private static double TakeoverBy(JsonElement report, string node) => Timeline(report)
        .Where(e => e.GetProperty("node").GetString() == node && e.GetProperty("to").GetString() == "MASTER")
        .Select(e => e.GetProperty("t").GetDouble())
        .Last();

    [Fact]
    public void Simulate_SeedConfigs_BothBecomeMasterAndSplitBrainIsReported()
    {
        (int exit, string output, _) = Run(Fixture("master.conf"), Fixture("backup.conf"));

        Assert.Equal(3, exit);
        Assert.Contains("SPLIT BRAIN", output, StringComparison.Ordinal);
        Assert.Contains("vrid 51 (VI_1): master.conf, backup.conf", output, StringComparison.Ordinal);
        Assert.Contains("AuthTypeMismatch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_SeedConfigsJson_HasTheIssueShape()
    {
        JsonElement report = RunJson(Fixture("master.conf"), Fixture("backup.conf"));

        Assert.True(report.GetProperty("splitBrain").GetBoolean());
        JsonElement final = Assert.Single(report.GetProperty("final").EnumerateArray());
        Assert.Equal(51, final.GetProperty("vrid").GetInt32());
        Assert.Equal("VI_1", final.GetProperty("instance").GetString());
        Assert.Equal(["master.conf", "backup.conf"], final.GetProperty("masters").EnumerateArray().Select(m => m.GetString()));
        JsonElement first = Timeline(report).First();
        Assert.Equal(
            ["t", "node", "instance", "vrid", "from", "to", "reason"],
            first.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Simulate_AuthFixedAndMasterKilled_BackupTakesOverMasterDownIntervalAfterLastAdvert()
    {
        JsonElement report = RunJson(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--kill", "master.conf@10s");

        Assert.Equal(LastAdvertBeforeTen + BackupMasterDown, TakeoverBy(report, "backup.conf"), 6);
        Assert.False(report.GetProperty("splitBrain").GetBoolean());
        Assert.Equal(["backup.conf"], report.GetProperty("final")[0].GetProperty("masters").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Simulate_AuthFixedAndMasterStopped_BackupTakesOverSkewTimeAfterTheStop()
    {
        JsonElement report = RunJson(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--stop", "master.conf@10s");

        Assert.Equal(10 + BackupSkew, TakeoverBy(report, "backup.conf"), 6);
        string reason = Timeline(report).Last(e => e.GetProperty("to").GetString() == "MASTER").GetProperty("reason").GetString()!;
        Assert.Contains("priority 0", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MasterRestartedAfterKill_PreemptsBackAndNoSplitBrain()
    {
        (int exit, string output, _) = Run(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--kill", "master.conf@10s", "--restart", "master.conf@20s", "--duration", "40s");

        Assert.Equal(0, exit);
        Assert.Contains("vrid 51 (VI_1): master.conf", output, StringComparison.Ordinal);
        Assert.DoesNotContain("SPLIT BRAIN", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_PartitionLongerThanAnAdvertInterval_ReportsSplitBrainThenHeals()
    {
        JsonElement report = RunJson(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--partition", "master.conf,backup.conf@10s-20s");

        Assert.True(report.GetProperty("splitBrain").GetBoolean());
        Assert.Equal(["master.conf"], report.GetProperty("final")[0].GetProperty("masters").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Simulate_ConfigIds_NameTheNodes()
    {
        JsonElement report = RunJson(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--config-id", "lb1", "lb2");

        Assert.Equal(["lb1"], report.GetProperty("final")[0].GetProperty("masters").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Simulate_SameSeedWithLoss_GivesTheSameOutput()
    {
        string[] args = [Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--loss", "0.5", "--seed", "7", "--duration", "60s"];

        Assert.Equal(Run(args).Out, Run(args).Out);
    }

    [Theory]
    [InlineData("--kill", "nosuch.conf@10s", "no node named nosuch.conf")]
    [InlineData("--kill", "master.conf", "expected NODE@TIME")]
    [InlineData("--stop", "master.conf@soon", "is not a time")]
    [InlineData("--partition", "master.conf,backup.conf@20s-10s", "end must come after")]
    [InlineData("--loss", "1.5", "between 0 and 1")]
    public void Simulate_BadArguments_ExplainTheFixAndExitTwo(string option, string value, string message)
    {
        (int exit, _, string error) = Run(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), option, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_MissingConfig_ReportsTheFileAndExitsTwo()
    {
        (int exit, _, string error) = Run(Fixture("nope.conf"));

        Assert.Equal(2, exit);
        Assert.Contains("nope.conf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_TextOutput_ShowsTimesInSeconds()
    {
        (_, string output, _) = Run(Fixture("fixed/master.conf"), Fixture("fixed/backup.conf"), "--stop", "master.conf@10s");

        string expected = (10 + BackupSkew).ToString("0.000", CultureInfo.InvariantCulture) + "s";
        Assert.Contains(output.Split('\n'), l => l.Contains(expected, StringComparison.Ordinal) && l.Contains("backup.conf", StringComparison.Ordinal) && l.Contains("-> MASTER", StringComparison.Ordinal));
    }
}
