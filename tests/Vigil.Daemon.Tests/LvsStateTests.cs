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
        var table = new RecordingTable();
        table.Existing.Add(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.10"), 80) { Scheduler = "wlc" });
        table.Existing.Add(new IpvsService(IpvsProtocol.Tcp, IPAddress.Parse("203.0.113.99"), 80));
        var state = new LvsState([Server(Real(11), Real(12))], table);

        Assert.Equal(1, state.Install());

        Assert.Equal(["del-svc TCP 203.0.113.10:80", "add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.11:80 w1", "add 192.0.2.12:80 w1"], table.Calls);
    }

    [Fact]
    public void Report_DownThenUp_RemovesThenAddsTheDestination()
    {
        var table = new RecordingTable();
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
        var table = new RecordingTable();
        var state = new LvsState([Server(Real(11) with { InhibitOnFailure = true, Weight = 3 })], table);
        state.Install();
        table.Calls.Clear();

        state.Report(0, 0, 0, up: false);
        state.Report(0, 0, 0, up: true);

        Assert.Equal(["set 192.0.2.11:80 w0", "set 192.0.2.11:80 w3"], table.Calls);
    }

    [Fact]
    public void Alpha_RealServersStartOutOfTheTable_AndTheSorryServerIn()
    {
        var table = new RecordingTable();
        VirtualServer server = Server(Real(11)) with { Alpha = true, SorryServer = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) };
        var state = new LvsState([server], table);
        state.Install();

        Assert.Equal(["add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.99:80 w1"], table.Calls);
        table.Calls.Clear();

        state.Report(0, 0, 0, up: true);

        Assert.Equal(["add 192.0.2.11:80 w1", "del 192.0.2.99:80"], table.Calls);
    }

    [Fact]
    public void Quorum_WithHysteresis_SorryServerOnlyBelowQuorumMinusHysteresis()
    {
        var table = new RecordingTable();
        VirtualServer server = Server(Real(11), Real(12), Real(13)) with { Quorum = 3, Hysteresis = 1, SorryServer = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) };
        var state = new LvsState([server], table);
        state.Install();
        table.Calls.Clear();

        state.Report(0, 0, 0, up: false); // live 2 = quorum - hysteresis: still up
        Assert.DoesNotContain(table.Calls, c => c.Contains("192.0.2.99", StringComparison.Ordinal));
        state.Report(0, 1, 0, up: false); // live 1: lost
        Assert.Contains("add 192.0.2.99:80 w1", table.Calls);
        state.Report(0, 1, 0, up: true); // live 2 < quorum + hysteresis: still lost
        Assert.DoesNotContain("del 192.0.2.99:80", table.Calls);
        state.Report(0, 0, 0, up: true); // live 3 < 4: still lost
        Assert.DoesNotContain("del 192.0.2.99:80", table.Calls);
    }

    [Fact]
    public void Uninstall_DeletesEveryService()
    {
        var table = new RecordingTable();
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

    private sealed class RecordingTable : IIpvsTable
    {
        public List<IpvsService> Existing { get; } = [];

        public List<string> Calls { get; } = [];

        public IReadOnlyList<IpvsService> GetServices() => Existing;

        public void AddService(IpvsService service) => Calls.Add($"add-svc {service} {service.Scheduler}");

        public void DeleteService(IpvsService service) => Calls.Add($"del-svc {service}");

        public void AddDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"add {destination} w{destination.Weight}");

        public void UpdateDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"set {destination} w{destination.Weight}");

        public void DeleteDestination(IpvsService service, IpvsDestination destination) => Calls.Add($"del {destination}");
    }
}
