using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>
/// FILE_CHECK across a reload, as keepalived 2.2.7 (check_daemon.c start_check, check_file.c): the file is read again and
/// the checker's verdict and weight come from that value, so an unchanged file changes nothing in the table (against a
/// recording table; the file values are a dictionary standing in for the track_files).
/// </summary>
public sealed class LvsReloadFileCheckTests
{
    private static readonly TrackFile s_file = new("f", "/run/vigil-test/f", default);
    private static readonly FileCheck s_fileCheck = new(default) { TrackFileName = "f", File = s_file, Weight = 10 };
    private static readonly TcpCheck s_tcp = new(default) { ConnectPort = 8080 };
    private static readonly ScriptCommand s_up = new("/bin/up", null, default);
    private static readonly ScriptCommand s_down = new("/bin/down", null, default);
    private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal) { ["f"] = 2 };

    [Fact]
    public void Reload_UnchangedFileCheck_KeepsVerdictAndWeight_EvenWhenAnotherCheckerOfTheServerChanged()
    {
        var table = new RecordingIpvsTable();
        LvsState state = New(table, Real(s_fileCheck, s_tcp));
        state.Install();
        Assert.Contains("add 192.0.2.11:80 w21", table.Calls); // 1 + 2 × 10
        _values["f"] = 3; // the watcher saw the file change: 1 + 3 × 10
        Assert.Equal("weight 31 (dynamic weight)", state.Report(state.Services[0].Reals[0], 0, up: true, weight: 31));
        table.Calls.Clear();

        state.Reload([Web(Real(s_fileCheck, s_tcp))]);
        Assert.Empty(table.Calls);

        // the TCP_CHECK changed: the real server gets new checkers, the FILE_CHECK's weight stays (it used to fall back to 1)
        LvsReloadResult result = state.Reload([Web(Real(s_fileCheck, s_tcp with { ConnectPort = 8081 }))]);
        Assert.Empty(table.Calls);
        LvsState.RealServerState fresh = Assert.Single(result.Started);
        Assert.Equal(31, fresh.Weight);
        Assert.Equal([true, true], fresh.Checkers);
        Assert.Empty(state.TakeNotifications());
    }

    [Fact]
    public void Reload_TheFileIsReadAgain_AValueItNowHoldsIsApplied_WithTheNotifyScripts()
    {
        var table = new RecordingIpvsTable();
        FileCheck failing = s_fileCheck with { Weight = 0 }; // weight 0: non-zero is down
        _values["f"] = 0;
        LvsState state = New(table, Real(failing, s_tcp));
        state.Install();
        table.Calls.Clear();

        _values["f"] = 1; // what the reload reads
        state.Reload([Web(Real(failing, s_tcp))]);
        Assert.Equal(["del 192.0.2.11:80"], table.Calls);
        Assert.Equal(s_down, Assert.Single(state.TakeNotifications()).Script);

        _values["f"] = 0;
        table.Calls.Clear();
        state.Reload([Web(Real(failing, s_tcp with { ConnectPort = 8081 }))]); // with new checkers too
        Assert.Equal(["add 192.0.2.11:80 w1"], table.Calls);
        Assert.Equal(s_up, Assert.Single(state.TakeNotifications()).Script);
    }

    [Fact]
    public void Reload_FileCheckWeightChanged_NewWeightFromTheSameValue()
    {
        var table = new RecordingIpvsTable();
        LvsState state = New(table, Real(s_fileCheck, s_tcp));
        state.Install();
        table.Calls.Clear();

        state.Reload([Web(Real(s_fileCheck with { Weight = 5 }, s_tcp))]);

        Assert.Equal(["set 192.0.2.11:80 w11"], table.Calls); // 1 + 2 × 5
        Assert.Empty(state.TakeNotifications());
    }

    private LvsState New(RecordingIpvsTable table, RealServer real) =>
        new([Web(real)], table) { Known = c => c is FileCheck f ? FileCheckVerdict.Of(_values[f.TrackFileName], f) : null };

    private static RealServer Real(params HealthCheck[] checks) =>
        new(IPAddress.Parse("192.0.2.11"), 80, default) { Checks = new(checks), NotifyUp = s_up, NotifyDown = s_down };

    private static VirtualServer Web(RealServer real) =>
        new(default) { Address = IPAddress.Parse("203.0.113.10"), Port = 80, Scheduler = "rr", RealServers = new([real]) };
}
