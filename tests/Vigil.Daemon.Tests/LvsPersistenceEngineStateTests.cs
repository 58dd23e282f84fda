using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;

namespace Vigil.Daemon.Tests;

/// <summary>
/// <c>persistence_engine</c> into the IPVS service as keepalived 2.2.7 sends it (ipvswrapper.c ipvs_set_srule: only
/// for a persistent service), and a reload that changes it edits the service in place (ipwrapper.c compares pe_name).
/// </summary>
public sealed class LvsPersistenceEngineStateTests
{
    [Fact]
    public void Mapping_PersistenceEngine_SentOnlyWithPersistenceTimeout()
    {
        Assert.Equal("sip", LvsMapping.Service(Sip() with { PersistenceTimeout = 60 }).PersistenceEngine);
        Assert.Null(LvsMapping.Service(Sip()).PersistenceEngine);
    }

    [Theory]
    [InlineData("sip", null)]
    [InlineData(null, "sip")]
    public void Reload_PersistenceEngineAddedOrRemoved_EditsTheServiceInPlace(string? before, string? after)
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Sip() with { PersistenceTimeout = 60, PersistenceEngine = before }], table);
        state.Install();
        table.Calls.Clear();

        LvsReloadResult result = state.Reload([Sip() with { PersistenceTimeout = 60, PersistenceEngine = after }]);

        Assert.Equal(["set-svc UDP 203.0.113.10:5060 rr"], table.Calls); // IPVS_CMD_SET_SERVICE: the kernel rebinds (or drops) the engine
        Assert.Equal(after, state.Services[0].Kernel.PersistenceEngine);
        Assert.Contains($"persistence engine {before ?? "none"} → {after ?? "none"}", Assert.Single(result.Changes), StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_EngineChangedOnANonPersistentService_TouchesNothing()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Sip()], table);
        state.Install();
        table.Calls.Clear();

        state.Reload([Sip() with { PersistenceEngine = null }]);

        Assert.Empty(table.Calls); // never sent without persistence_timeout, so the kernel's service is the same
    }

    private static VirtualServer Sip() => new(default)
    {
        Address = IPAddress.Parse("203.0.113.10"),
        Port = 5060,
        Protocol = LvsProtocol.Udp,
        Scheduler = "rr",
        PersistenceEngine = "sip",
        RealServers = new([new RealServer(IPAddress.Parse("192.0.2.11"), 5060, default)]),
    };
}
