using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;

namespace Vigil.Daemon.Tests;

/// <summary>A reload reconciled into IPVS as keepalived 2.2.7 does it: only what changed is touched (against a recording table).</summary>
public sealed class LvsReloadTests
{
    private static readonly TcpCheck s_check = new(default);

    [Fact]
    public void Reload_Unchanged_TouchesNothing_AndKeepsTheRealServerStates()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11), Real(12)), Dns()], table);
        state.Install();
        LvsState.RealServerState before = state.Services[0].Reals[0];
        table.Calls.Clear();

        LvsReloadResult result = state.Reload([Web(Real(11), Real(12)), Dns()]);

        Assert.Empty(table.Calls);
        Assert.Empty(result.Started);
        Assert.Empty(result.Retired);
        Assert.Same(before, state.Services[0].Reals[0]);
    }

    [Fact]
    public void Reload_AddsRemovesAndEdits_OnlyWhatChanged()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11), Real(12), Real(13)), Dns(), Mail()], table);
        state.Install();
        LvsState.RealServerState kept = state.Services[0].Reals[1];
        table.Calls.Clear();

        // web: rs 11 gone, rs 12 weight 1 → 5, rs 13 unchanged, rs 14 new; dns: scheduler rr → wlc; mail: gone; ftp: new
        LvsReloadResult result = state.Reload([Web(Real(12) with { Weight = 5 }, Real(13), Real(14)), Dns() with { Scheduler = "wlc" }, Ftp()]);

        Assert.Equal(
        [
            "set 192.0.2.12:80 w5",
            "add 192.0.2.14:80 w1",
            "del 192.0.2.11:80",
            "set-svc UDP 203.0.113.10:53 wlc",
            "add-svc TCP 203.0.113.10:21 rr",
            "add 192.0.2.31:21 w1",
            "del-svc TCP 203.0.113.10:25",
        ], table.Calls);
        Assert.Same(kept, state.Services[0].Reals[0]); // rs 12: same checkers, so its checker keeps running
        Assert.Equal(["192.0.2.14:80", "192.0.2.31:21"], result.Started.Select(r => r.Config.ToString()));
        Assert.Equal(["192.0.2.11:80", "192.0.2.25:25"], result.Retired.Select(r => r.Config.ToString()));
        Assert.All(result.Retired, r => Assert.True(r.Retired));
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Reload_KeepsCheckerVerdicts_ADownServerStaysOut()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11), Real(12))], table);
        state.Install();
        state.Report(0, 0, 0, up: false);
        table.Calls.Clear();

        state.Reload([Web(Real(11) with { Weight = 3 }, Real(12))]);

        Assert.Empty(table.Calls); // down: not in the table, so a new weight has nothing to edit
        Assert.False(state.Services[0].Reals[0].Alive);
        Assert.Equal("added", state.Report(0, 0, 0, up: true));
        Assert.Equal(["add 192.0.2.11:80 w3"], table.Calls);
    }

    [Fact]
    public void Reload_ChangedChecker_RestartsIt_AndAnEqualCheckerKeepsItsVerdict()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11) with { Checks = new([s_check, s_check with { ConnectPort = 8080 }]) })], table);
        state.Install();
        state.Report(0, 0, 0, up: false);
        LvsState.RealServerState old = state.Services[0].Reals[0];
        table.Calls.Clear();

        LvsReloadResult result = state.Reload([Web(Real(11) with { Checks = new([s_check, s_check with { ConnectPort = 8081 }]) })]);

        Assert.Empty(table.Calls);
        Assert.Same(old, Assert.Single(result.Retired));
        LvsState.RealServerState fresh = Assert.Single(result.Started);
        Assert.Equal([false, true], fresh.Checkers); // the unchanged check keeps "down", the new one starts up
        Assert.Null(state.Report(old, 0, up: true)); // the retired checker's verdict no longer counts
        Assert.Empty(table.Calls);
    }

    [Fact]
    public void Reload_InhibitOnFailureTurnedOn_PutsTheDownServerBackAtWeightZero()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11), Real(12))], table);
        state.Install();
        state.Report(0, 0, 0, up: false);
        table.Calls.Clear();

        state.Reload([Web(Real(11) with { InhibitOnFailure = true }, Real(12))]);

        Assert.Equal(["add 192.0.2.11:80 w0"], table.Calls);
    }

    [Fact]
    public void Reload_QuorumRaised_SorryServerStandsIn_AndAChangedSorryServerReplacesIt()
    {
        var table = new RecordingIpvsTable();
        var sorry = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default);
        var state = new LvsState([Web(Real(11), Real(12)) with { SorryServer = sorry }], table);
        state.Install();
        table.Calls.Clear();

        state.Reload([Web(Real(11), Real(12)) with { SorryServer = sorry, Quorum = 3 }]);
        Assert.Equal(["del 192.0.2.11:80", "del 192.0.2.12:80", "add 192.0.2.99:80 w1"], table.Calls); // quorum lost: the sorry server stands in alone
        table.Calls.Clear();

        state.Reload([Web(Real(11), Real(12)) with { SorryServer = sorry with { Address = IPAddress.Parse("192.0.2.98") }, Quorum = 3 }]);
        Assert.Equal(["del 192.0.2.99:80", "add 192.0.2.98:80 w1"], table.Calls);
    }

    [Fact]
    public void Reload_ForwardingMethodChanged_EditsTheDestination()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Web(Real(11))], table);
        state.Install();
        table.Calls.Clear();

        state.Reload([Web(Real(11) with { Method = LvsMethod.DirectRoute })]);

        Assert.Equal(["set 192.0.2.11:80 w1"], table.Calls);
    }

    private static VirtualServer Web(params RealServer[] reals) => Service(LvsProtocol.Tcp, 80, reals);

    private static VirtualServer Dns() => Service(LvsProtocol.Udp, 53, [new(IPAddress.Parse("192.0.2.21"), 53, default) { Checks = new([s_check]) }]);

    private static VirtualServer Mail() => Service(LvsProtocol.Tcp, 25, [new(IPAddress.Parse("192.0.2.25"), 25, default) { Checks = new([s_check]) }]);

    private static VirtualServer Ftp() => Service(LvsProtocol.Tcp, 21, [new(IPAddress.Parse("192.0.2.31"), 21, default) { Checks = new([s_check]) }]);

    private static VirtualServer Service(LvsProtocol protocol, ushort port, RealServer[] reals) =>
        new(default) { Address = IPAddress.Parse("203.0.113.10"), Port = port, Protocol = protocol, Scheduler = "rr", RealServers = new(reals) };

    private static RealServer Real(int last) => new(IPAddress.Parse($"192.0.2.{last}"), 80, default) { Checks = new([s_check]) };
}
