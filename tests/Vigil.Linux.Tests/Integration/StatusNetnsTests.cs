using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// What an operator sees of a running pair (<see cref="StatusPairFixture"/>): `vigil status` (JSON and
/// table) over the control socket, the Prometheus endpoint, keepalived's dump signals and who may ask.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StatusNetnsTests(StatusPairFixture pair, ITestOutputHelper output) : IClassFixture<StatusPairFixture>
{
    [SkippableFact]
    public void StatusJson_RunningPair_ShowsStatesPrioritiesMasterVipsTrackersAndHistory()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        using JsonDocument master = StatusPairFixture.StatusJson(pair.Master);
        using JsonDocument backup = StatusPairFixture.StatusJson(pair.Backup);

        JsonElement a1 = StatusPairFixture.Instance(master, "VI_1");
        Assert.Equal("MASTER", a1.GetProperty("state").GetString());
        Assert.Equal(51, a1.GetProperty("virtualRouterId").GetInt32());
        Assert.Equal(3, a1.GetProperty("version").GetInt32());
        Assert.Equal(100, a1.GetProperty("basePriority").GetInt32());
        Assert.Equal(110, a1.GetProperty("effectivePriority").GetInt32()); // track_file value 5 × weight 2
        Assert.Equal("192.0.2.1", a1.GetProperty("masterAddress").GetString());
        Assert.StartsWith("192.0.2.100/24", Assert.Single(a1.GetProperty("config").GetProperty("vips").EnumerateArray()).GetString(), StringComparison.Ordinal);
        JsonElement tracker = Assert.Single(a1.GetProperty("trackers").EnumerateArray());
        Assert.Contains("tf", tracker.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, tracker.GetProperty("value").GetInt64());
        Assert.Equal(2, tracker.GetProperty("weight").GetInt32());

        // History with reasons: the v3 instance started as BACKUP and took over when no advert came.
        JsonElement[] history = [.. a1.GetProperty("history").EnumerateArray()];
        Assert.Equal(("INIT", "BACKUP"), (history[0].GetProperty("from").GetString(), history[0].GetProperty("to").GetString()));
        Assert.Equal(("BACKUP", "MASTER"), (history[^1].GetProperty("from").GetString(), history[^1].GetProperty("to").GetString()));
        Assert.All(history, h => Assert.False(string.IsNullOrWhiteSpace(h.GetProperty("reason").GetString())));
        Assert.Equal(history[^1].GetProperty("reason").GetString(), a1.GetProperty("lastTransitionReason").GetString());
        Assert.Contains(a1.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "MASTER" && t.GetProperty("count").GetInt64() == 1);
        Assert.Equal(1, a1.GetProperty("counters").GetProperty("becomeMaster").GetInt64());

        JsonElement b1 = StatusPairFixture.Instance(backup, "VI_1");
        Assert.Equal("BACKUP", b1.GetProperty("state").GetString());
        Assert.Equal((90, 90), (b1.GetProperty("basePriority").GetInt32(), b1.GetProperty("effectivePriority").GetInt32()));
        Assert.Equal("192.0.2.1", b1.GetProperty("masterAddress").GetString());
        Assert.Equal(110, b1.GetProperty("masterPriority").GetInt32());
        Assert.Empty(b1.GetProperty("trackers").EnumerateArray());
        Assert.Equal(("INIT", "BACKUP"), (b1.GetProperty("history")[0].GetProperty("from").GetString(), b1.GetProperty("history")[0].GetProperty("to").GetString()));

        JsonElement a2 = StatusPairFixture.Instance(master, "VI_2");
        Assert.Equal(("MASTER", 2, "PASS"), (a2.GetProperty("state").GetString(), a2.GetProperty("version").GetInt32(), a2.GetProperty("config").GetProperty("authType").GetString()));
        Assert.Equal("BACKUP", StatusPairFixture.Instance(backup, "VI_2").GetProperty("state").GetString());
    }

    [SkippableFact]
    public void StatusJson_AskedTwice_AdvertCountersRiseOnBothSidesAndNoErrorsAreCounted()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        (long sent, long received) first = Adverts();
        Thread.Sleep(500); // five adverts at 0.1 s
        (long sent, long received) second = Adverts();

        output.WriteLine($"VI_1 adverts sent by a: {first.sent} → {second.sent}; received by b: {first.received} → {second.received}");
        Assert.True(second.sent > first.sent, $"a's advert_sent should rise: {first.sent} → {second.sent}");
        Assert.True(second.received > first.received, $"b's advert_rcvd should rise: {first.received} → {second.received}");
        using JsonDocument backup = StatusPairFixture.StatusJson(pair.Backup);
        JsonElement counters = StatusPairFixture.Instance(backup, "VI_2").GetProperty("counters");
        Assert.True(counters.GetProperty("advertRcvd").GetInt64() > 0, counters.ToString());
        Assert.Equal(0, counters.GetProperty("authFailure").GetInt64());
        Assert.Equal(0, counters.GetProperty("advertIntervalErr").GetInt64());

        (long Sent, long Received) Adverts()
        {
            using JsonDocument master = StatusPairFixture.StatusJson(pair.Master);
            using JsonDocument backup = StatusPairFixture.StatusJson(pair.Backup);
            return (StatusPairFixture.Instance(master, "VI_1").GetProperty("counters").GetProperty("advertSent").GetInt64(),
                StatusPairFixture.Instance(backup, "VI_1").GetProperty("counters").GetProperty("advertRcvd").GetInt64());
        }
    }

    [SkippableFact]
    public void StatusTable_RunningMaster_OneRowPerInstanceWithStatePrioritiesMasterVipsAndTracker()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        HostCommandResult result = StatusPairFixture.Vigil("status", "--socket", pair.Master.SocketPath);

        Assert.True(result.ExitCode == 0, result.StandardError);
        output.WriteLine(result.StandardOutput);
        string[] lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("INSTANCE", lines[0], StringComparison.Ordinal);
        string[] vi1 = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["VI_1", "MASTER", "100/110", "192.0.2.1", "192.0.2.100/24"], vi1[..5]);
        Assert.Contains("tf", lines[1], StringComparison.Ordinal);
        Assert.Contains("=5", lines[1], StringComparison.Ordinal);
        string[] vi2 = lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["VI_2", "MASTER", "100/100", "192.0.2.1", "192.0.2.101/24", "-"], vi2[..6]);
        Assert.DoesNotContain(StatusPairFixture.Password, result.StandardOutput, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void StatusWatch_TwoRounds_EachFrameRedrawnFromTheTopLeftNotScrolled()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        HostCommandResult result = StatusPairFixture.Vigil("status", "--watch", "--count", "2", "--interval", "0.2", "--socket", pair.Master.SocketPath);

        Assert.True(result.ExitCode == 0, result.StandardError);
        string[] frames = result.StandardOutput.Split("\u001b[H\u001b[2J");
        Assert.Equal(3, frames.Length);
        Assert.Equal("", frames[0]);
        Assert.All(frames[1..], frame => Assert.Contains("VI_1", frame, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Metrics_ScrapedInsideTheNamespace_KeepalivedExporterNamesWithTheRunningValuesAndVigilOwn()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        string body = Scrape();
        string vi1 = $"iname=\"VI_1\",intf=\"{pair.A.Interface}\",vrid=\"51\"";

        Assert.Contains("keepalived_up 1\n", body, StringComparison.Ordinal);
        Assert.Contains($"keepalived_vrrp_state{{{vi1},ip_address=\"192.0.2.100/24\"}} 2\n", body, StringComparison.Ordinal);
        Assert.Contains($"keepalived_vrrp_state{{iname=\"VI_2\",intf=\"{pair.A.Interface}\",vrid=\"52\",ip_address=\"192.0.2.101/24\"}} 2\n", body, StringComparison.Ordinal);
        Assert.Contains($"vigil_vrrp_base_priority{{{vi1}}} 100\n", body, StringComparison.Ordinal);
        Assert.Contains($"vigil_vrrp_effective_priority{{{vi1}}} 110\n", body, StringComparison.Ordinal);
        Assert.Contains($"keepalived_become_master_total{{{vi1}}} 1\n", body, StringComparison.Ordinal);
        Assert.Contains($"keepalived_authentication_failure_total{{{vi1}}} 0\n", body, StringComparison.Ordinal);
        Assert.True(Value(body, $"keepalived_advertisements_sent_total{{{vi1}}}") > 0, body);
        Assert.Contains("# TYPE vigil_vrrp_transitions_total counter", body, StringComparison.Ordinal);
        Assert.Contains("vigil_vrrp_transitions_total{iname=\"VI_1\",from=\"BACKUP\",to=\"MASTER\"", body, StringComparison.Ordinal);
        Assert.Contains("vigil_tracker_up{iname=\"VI_1\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(StatusPairFixture.Password, body, StringComparison.Ordinal);

        double sent = Value(body, $"keepalived_advertisements_sent_total{{{vi1}}}");
        Thread.Sleep(300);
        Assert.True(Value(Scrape(), $"keepalived_advertisements_sent_total{{{vi1}}}") > sent, "the advert counter should rise between scrapes");
    }

    [SkippableFact]
    public void DumpSignals_Usr1Usr2And36_FreshPrivateFilesNamingTheInstancesWithoutThePassword()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        string runtime = pair.Master.RuntimeDirectory!;
        string data = Path.Combine(runtime, "keepalived.data");
        string stats = Path.Combine(runtime, "keepalived.stats");
        foreach (string stale in new[] { data, stats, pair.JsonDumpFile })
        {
            File.Delete(stale);
        }

        string pid = pair.Master.Id.ToString(CultureInfo.InvariantCulture);
        HostCommand.Must("kill", "-USR1", pid);
        HostCommand.Must("kill", "-USR2", pid);
        HostCommand.Must("kill", "-36", pid); // keepalived's SIGJSON (SIGRTMIN + 2)

        foreach (string path in new[] { data, stats, pair.JsonDumpFile })
        {
            Assert.True(StatusPairFixture.WaitForFile(path, TimeSpan.FromSeconds(10)), $"{path} should appear\n{pair.Master.StandardError}");
            var info = new FileInfo(path);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, info.UnixFileMode);
            string text = File.ReadAllText(path);
            Assert.Contains("VI_1", text, StringComparison.Ordinal);
            Assert.Contains("VI_2", text, StringComparison.Ordinal);
            Assert.DoesNotContain(StatusPairFixture.Password, text, StringComparison.Ordinal);
            Assert.DoesNotContain("auth_data", text, StringComparison.Ordinal);
        }

        // The runtime directory: root's, not world-readable (0750 because a control group may read status).
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            new DirectoryInfo(runtime).UnixFileMode);
        Assert.Contains("State = MASTER", File.ReadAllText(data), StringComparison.Ordinal);
        Assert.Contains("Authentication type = PASS", File.ReadAllText(data), StringComparison.Ordinal);
        Assert.Contains("Advertisements:", File.ReadAllText(stats), StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(pair.JsonDumpFile));
        JsonElement vi1 = json.RootElement.EnumerateArray().Single(e => e.GetProperty("data").GetProperty("iname").GetString() == "VI_1");
        Assert.Equal((2, 100, 110), (vi1.GetProperty("data").GetProperty("state").GetInt32(), vi1.GetProperty("data").GetProperty("base_priority").GetInt32(), vi1.GetProperty("data").GetProperty("effective_priority").GetInt32()));
        Assert.True(vi1.GetProperty("stats").GetProperty("advert_sent").GetInt64() > 0);
        // The line is logged after the file is written: wait for it rather than race the log pipe.
        string wrote = $"SIGJSON: wrote {pair.JsonDumpFile}";
        Assert.True(SpinWait.SpinUntil(() => pair.Master.StandardError.Contains(wrote, StringComparison.Ordinal), TimeSpan.FromSeconds(10)),
            $"the daemon should log '{wrote}'\n{pair.Master.StandardError}");
        Assert.Null(pair.Master.WaitForExit(TimeSpan.Zero)); // none of the three signals ended the daemon
    }

    [SkippableFact]
    public void ControlSocket_OtherUser_ReadsOnlyThroughTheControlGroupAndNeverReloads()
    {
        Skip.If(pair.Unavailable is not null, pair.Unavailable);
        string? cannot = AsNobody(StatusPairFixture.ReaderGroup, "--version").ExitCode == 0 ? null : "user nobody cannot run the vigil build here (its path is not readable by others)";
        Skip.If(cannot is not null, cannot);

        // In the control group: status is answered.
        HostCommandResult allowed = AsNobody(StatusPairFixture.ReaderGroup, "status", "--socket", pair.Master.SocketPath);
        Assert.True(allowed.ExitCode == 0, allowed.StandardError);
        Assert.Contains("VI_1", allowed.StandardOutput, StringComparison.Ordinal);

        // In the control group but not root: reload is refused by the daemon's SO_PEERCRED check.
        HostCommandResult reload = AsNobody(StatusPairFixture.ReaderGroup, "reload", "--socket", pair.Master.SocketPath);
        Assert.Equal(1, reload.ExitCode);
        Assert.Contains("permission denied: 'reload' is for root only (uid 65534)", reload.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("reload requested", pair.Master.StandardError, StringComparison.OrdinalIgnoreCase);

        // Not in the group: refused (the 0750 runtime directory keeps the socket out of reach).
        HostCommandResult outsider = AsNobody(65533, "status", "--socket", pair.Master.SocketPath);
        Assert.Equal(1, outsider.ExitCode);
        Assert.DoesNotContain("VI_1", outsider.StandardOutput, StringComparison.Ordinal);

        // A daemon without --control-group answers root only.
        HostCommandResult noGroup = AsNobody(StatusPairFixture.ReaderGroup, "status", "--socket", pair.Backup.SocketPath);
        Assert.Equal(1, noGroup.ExitCode);
        Assert.Contains("cannot reach the daemon", noGroup.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, StatusPairFixture.Vigil("status", "--socket", pair.Backup.SocketPath).ExitCode);
    }

    /// <summary>`vigil ARGS…` as uid 65534 (nobody) with only gid <paramref name="group"/>, through util-linux setpriv.</summary>
    private static HostCommandResult AsNobody(uint group, params string[] arguments) =>
        HostCommand.Run("setpriv", ["--reuid", "65534", "--regid", group.ToString(CultureInfo.InvariantCulture), "--clear-groups", "dotnet", VigilProcess.VigilDll(), .. arguments]);

    /// <summary>GET /metrics from inside node a's namespace (the endpoint listens on 192.0.2.1 there).</summary>
    private string Scrape() => pair.A.InNamespace(() =>
    {
        using var client = new TcpClient();
        client.ReceiveTimeout = 5000;
        client.SendTimeout = 5000;
        client.Connect("192.0.2.1", StatusPairFixture.MetricsPort);
        using NetworkStream stream = client.GetStream();
        stream.Write("GET /metrics HTTP/1.1\r\nHost: 192.0.2.1\r\nConnection: close\r\n\r\n"u8);
        using var response = new MemoryStream();
        stream.CopyTo(response);
        string text = Encoding.UTF8.GetString(response.ToArray());
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        return text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
    });

    private static double Value(string body, string series)
    {
        string line = body.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
