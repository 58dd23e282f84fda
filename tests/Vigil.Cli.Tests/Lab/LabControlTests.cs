using System.Globalization;
using System.Text.Json;
using Vigil.Lab;
using Vigil.Lab.Topology;
using Xunit.Abstractions;

namespace Vigil.Cli.Tests.Lab;

/// <summary>
/// `vigil lab ACTION|status|quit` drive a `vigil lab` running elsewhere through its socket. The lab
/// runs in this process (live view, stdin not a terminal), with the built-in responder and fast
/// timing; prefix "vglk-".
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabControlTests
{
    private const string Prefix = "vglk-";
    private static readonly TimeSpan s_vipMoves = TimeSpan.FromSeconds(20);
    private readonly ITestOutputHelper _output;

    public LabControlTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void LabStatus_NoLabRunning_SaysSoAndHowToStartOne()
    {
        var (exit, _, error) = CheckCommandTests.Vigil("lab", "status", "--prefix", "vgnone-");

        Assert.Equal(1, exit);
        Assert.Contains(Environment.IsPrivilegedProcess ? "no lab is running with prefix vgnone-" : "root only", error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void LabSubcommands_KillMasterThenRestore_VipMovesToLb2AndBack_StatusShowsNodesAndClient()
    {
        string? reason = SeedLab.UnavailableReason();
        Skip.If(reason is not null, reason);
        var labOutput = TextWriter.Synchronized(new StringWriter());
        var labError = TextWriter.Synchronized(new StringWriter());
        Task<int> lab = Task.Run(() => CliApp.Run(["lab", "--no-nginx", "--timing", "fast", "--prefix", Prefix, "--minutes", "3"], labOutput, labError));
        IReadOnlyList<int> labProcesses = [];
        try
        {
            Assert.True(WaitForStatus(s => Holders(s) == "lb1" && States(s) == "MASTER,BACKUP", TimeSpan.FromSeconds(60)), "lab up with lb1 master: " + labOutput + labError);
            labProcesses = LabProcesses();

            var (secondExit, _, secondError) = CheckCommandTests.Vigil("lab", "--no-nginx", "--prefix", Prefix);
            Assert.Equal(1, secondExit);
            Assert.Contains($"a lab with prefix {Prefix} is already running", secondError, StringComparison.Ordinal);

            var (killExit, killOutput, killError) = CheckCommandTests.Vigil("lab", "kill-master", "--prefix", Prefix);
            Assert.True(killExit == 0, killError);
            Assert.Contains("done: power off lb1", killOutput, StringComparison.Ordinal);
            Assert.True(WaitForStatus(s => Holders(s) == "lb2" && States(s) == "-,MASTER", s_vipMoves), "VIP on lb2 with lb1 down");

            var (restoreExit, restoreOutput, restoreError) = CheckCommandTests.Vigil("lab", "restore", "--prefix", Prefix);
            Assert.True(restoreExit == 0, restoreError);
            Assert.Contains("done: restore", restoreOutput, StringComparison.Ordinal);
            Assert.True(WaitForStatus(s => Holders(s) == "lb1" && States(s) == "MASTER,BACKUP", s_vipMoves), "VIP back on lb1 (preempt)");

            JsonElement status = Status()!.Value;
            JsonElement lb1 = status.GetProperty("nodes")[0];
            Assert.Equal("running", lb1.GetProperty("daemon").GetString());
            Assert.Equal("192.0.2.2", lb1.GetProperty("master").GetString());
            Assert.False(string.IsNullOrEmpty(lb1.GetProperty("lastTransitionReason").GetString()));
            JsonElement client = status.GetProperty("client");
            Assert.True(client.GetProperty("succeeded").GetInt64() > 0);
            Assert.True(client.GetProperty("lastOutage").GetProperty("durationMs").GetDouble() > 0, "powering off the master costs some requests");

            var (tableExit, table, _) = CheckCommandTests.Vigil("lab", "status", "--prefix", Prefix);
            Assert.Equal(0, tableExit);
            Assert.Contains("lb1   MASTER", table, StringComparison.Ordinal);
            Assert.Contains("last outage", table, StringComparison.Ordinal);
        }
        finally
        {
            var (quitExit, _, quitError) = CheckCommandTests.Vigil("lab", "quit", "--prefix", Prefix);
            _output.WriteLine($"quit: {quitExit} {quitError}");
            Assert.True(lab.Wait(TimeSpan.FromSeconds(60)), "the lab quits");
            _output.WriteLine(labOutput.ToString());
            _output.WriteLine(labError.ToString());
        }

        Assert.Equal(0, lab.Result);
        Assert.Empty(LabTopology.ExistingNamespaces(Prefix));
        Assert.False(Directory.Exists(SeedLab.DirectoryFor(Prefix)));
        Assert.NotEmpty(labProcesses);
        Assert.Empty(labProcesses.Where(pid => LabScenarioTests.Command(pid) is not null).Select(pid => $"{pid} {LabScenarioTests.Command(pid)} still running"));
    }

    /// <summary>Every process in the lab's namespaces (`ip netns pids`): the daemons and their check scripts.</summary>
    internal static IReadOnlyList<int> LabProcesses(string prefix = Prefix) =>
        [.. LabTopology.ExistingNamespaces(prefix)
            .SelectMany(ns => Vigil.Linux.Host.HostCommand.Run("ip", "netns", "pids", ns).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))];

    private static string Holders(JsonElement status) => string.Join('+', status.GetProperty("vipHolders").EnumerateArray().Select(h => h.GetString()));

    private static string States(JsonElement status) => string.Join(',', status.GetProperty("nodes").EnumerateArray()
        .Select(n => n.TryGetProperty("state", out JsonElement state) ? state.GetString() : "-"));

    private static JsonElement? Status()
    {
        var (exit, output, _) = CheckCommandTests.Vigil("lab", "status", "--json", "--prefix", Prefix);
        return exit == 0 ? JsonDocument.Parse(output).RootElement.Clone() : null;
    }

    private bool WaitForStatus(Func<JsonElement, bool> condition, TimeSpan timeout)
    {
        JsonElement? last = null;
        bool reached = SeedLab.WaitUntil(() => (last = Status()) is { } status && condition(status), timeout);
        _output.WriteLine(last?.ToString() ?? "no status");
        return reached;
    }
}
