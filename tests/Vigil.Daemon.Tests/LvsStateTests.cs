using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Tests;

/// <summary>Checker verdicts → IPVS table changes, as keepalived 2.2.7 makes them (against a recording table).</summary>
public sealed class LvsStateTests
{
    private static readonly TcpCheck s_check = new(default);

    [Fact]
    public void Install_RemovesSameKeyLeftover_ThenAddsServiceAndEveryRealServer()
    {
        var table = new RecordingIpvsTable();
        table.Existing.Add(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.10"), 80) { Scheduler = "wlc" });
        table.Existing.Add(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.99"), 80));
        var state = new LvsState([Server(Real(11), Real(12))], table);

        Assert.Equal(1, state.Install());

        Assert.Equal(["del-svc TCP 203.0.113.10:80", "add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.11:80 w1", "add 192.0.2.12:80 w1"], table.Calls);
    }

    [Fact]
    public void Report_DownThenUp_RemovesThenAddsTheDestination()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Server(Real(11), Real(12))], table);
        state.Install();
        table.Calls.Clear();

        Assert.Equal("removed", state.Report(0, 0, 0, up: false));
        Assert.Null(state.Report(0, 0, 0, up: false));
        Assert.Equal("added", state.Report(0, 0, 0, up: true));

        Assert.Equal(["del 192.0.2.11:80", "add 192.0.2.11:80 w1"], table.Calls);
    }

    [Fact]
    public void Report_InhibitOnFailure_SetsWeightZeroAndRestoresIt()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Server(Real(11) with { InhibitOnFailure = true, Weight = 3 })], table);
        state.Install();
        table.Calls.Clear();

        state.Report(0, 0, 0, up: false);
        state.Report(0, 0, 0, up: true);

        Assert.Equal(["set 192.0.2.11:80 w0", "set 192.0.2.11:80 w3"], table.Calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)] // the last of the word
    [InlineData(64)] // the first beyond it
    [InlineData(69)]
    public void Report_SeventyCheckers_AnyOneDownTakesTheServerOut_AndItsReturnBringsItBack(int checker)
    {
        // Verdicts are one bit a checker up to 64, an array beyond: both halves must count.
        var table = new RecordingIpvsTable();
        RealServer real = Real(11) with { Checks = new([.. Enumerable.Range(0, 70).Select(i => (HealthCheck)new TcpCheck(default) { ConnectPort = (ushort)(1000 + i) })]) };
        var state = new LvsState([Server(real)], table);
        state.Install();
        LvsState.RealServerState server = state.Services[0].Reals[0];
        table.Calls.Clear();

        Assert.Equal("removed", state.Report(0, 0, checker, up: false));
        Assert.False(server.Verdict(checker));
        Assert.Equal(69, server.Checkers.Count(up => up));
        Assert.Null(state.Report(0, 0, (checker + 1) % 70, up: true)); // another checker up: still out
        Assert.Null(server.WeightInTable);
        Assert.Equal("added", state.Report(0, 0, checker, up: true));
        Assert.All(server.Checkers, Assert.True);
        Assert.Equal(1, server.WeightInTable);
        Assert.Equal(["del 192.0.2.11:80", "add 192.0.2.11:80 w1"], table.Calls);
    }

    [Fact]
    public void InKernel_IsWhatWasLastWritten_WeightAndAll()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Server(Real(11) with { InhibitOnFailure = true, Weight = 3, UpperThreshold = 7 })], table);
        state.Install();
        LvsState.RealServerState server = state.Services[0].Reals[0];

        Assert.Equal(LvsMapping.Destination(server.Config, 3), server.InKernel);
        state.Report(0, 0, 0, up: false);
        Assert.Equal(LvsMapping.Destination(server.Config, 0), server.InKernel); // inhibited: in the table at weight 0
        Assert.Equal(0, server.WeightInTable);
    }

    [Fact]
    public void Alpha_RealServersStartOutOfTheTable_AndTheSorryServerIn()
    {
        var table = new RecordingIpvsTable();
        VirtualServer server = Server(Real(11)) with { Alpha = true, SorryServer = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) };
        var state = new LvsState([server], table);
        state.Install();

        Assert.Equal(["add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.99:80 w1"], table.Calls);
        table.Calls.Clear();

        state.Report(0, 0, 0, up: true);

        Assert.Equal(["del 192.0.2.99:80", "add 192.0.2.11:80 w1"], table.Calls); // keepalived: the sorry server leaves, then the live servers return
    }

    [Fact]
    public void Quorum_WithHysteresis_SorryServerOnlyBelowQuorumMinusHysteresis()
    {
        var table = new RecordingIpvsTable();
        VirtualServer server = Server(Real(11), Real(12), Real(13)) with { Quorum = 2, Hysteresis = 1, SorryServer = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) };
        var state = new LvsState([server], table);
        state.Install(); // live 3 = quorum + hysteresis: starts with quorum
        table.Calls.Clear();

        state.Report(0, 0, 0, up: false); // live 2: still up
        state.Report(0, 1, 0, up: false); // live 1 = quorum - hysteresis: still up
        Assert.Equal(["del 192.0.2.11:80", "del 192.0.2.12:80"], table.Calls);
        state.Report(0, 2, 0, up: false); // live 0: lost
        Assert.Equal(["del 192.0.2.11:80", "del 192.0.2.12:80", "del 192.0.2.13:80", "add 192.0.2.99:80 w1"], table.Calls);
        table.Calls.Clear();
        state.Report(0, 0, 0, up: true); // live 1 < quorum + hysteresis: still lost, and the table is left alone
        state.Report(0, 1, 0, up: true); // live 2 < 3
        Assert.Empty(table.Calls);
        state.Report(0, 2, 0, up: true); // live 3: regained: the sorry server goes, every live server comes back
        Assert.Equal(["del 192.0.2.99:80", "add 192.0.2.11:80 w1", "add 192.0.2.12:80 w1", "add 192.0.2.13:80 w1"], table.Calls);
    }

    [Fact]
    public void Uninstall_DeletesEveryService()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Server(Real(11))], table);
        state.Install();
        table.Calls.Clear();

        state.Uninstall();

        Assert.Equal(["del-svc TCP 203.0.113.10:80"], table.Calls);
    }

    [Fact]
    public void Mapping_PersistenceAndGranularity_AsLibipvsSendsThem()
    {
        IpvsService service = LvsMapping.Service(Server() with { PersistenceTimeout = 50, PersistenceGranularity = IPAddress.Parse("255.255.255.0") });

        Assert.Equal(IpvsServiceFlags.Persistent, service.Flags);
        Assert.Equal(50u, service.Timeout);
        Assert.Equal(0x00FFFFFFu, service.Netmask); // the in_addr bytes read as a host-order u32
    }

    private static VirtualServer Server(params RealServer[] reals) =>
        new(default) { Address = IPAddress.Parse("203.0.113.10"), Port = 80, Scheduler = "rr", RealServers = new(reals) };

    private static RealServer Real(int last) => new(IPAddress.Parse($"192.0.2.{last}"), 80, default) { Checks = new([s_check]) };
}
