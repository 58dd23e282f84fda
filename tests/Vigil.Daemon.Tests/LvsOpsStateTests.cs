using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Tests;

/// <summary>sorry_server_inhibit, sorry_server_lvs_method, scheduler flags and the notify/quorum scripts, as keepalived 2.2.7 applies them (against a recording table).</summary>
public sealed class LvsOpsStateTests
{
    private static readonly TcpCheck s_check = new(default);
    private static readonly ScriptCommand s_up = new("/bin/up", null, default);
    private static readonly ScriptCommand s_down = new("/bin/down", null, default);
    private static readonly ScriptCommand s_quorumUp = new("/bin/qup", null, default);
    private static readonly ScriptCommand s_quorumDown = new("/bin/qdown", null, default);

    [Fact]
    public void SorryServerInhibit_InAtWeightZeroFromTheStart_RaisedWhileQuorumIsLost()
    {
        var table = new RecordingIpvsTable();
        var sorry = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) { Weight = 4, InhibitOnFailure = true };
        var state = new LvsState([Server(Real(11)) with { SorryServer = sorry }], table);

        state.Install();
        Assert.Equal(["add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.11:80 w1", "add 192.0.2.99:80 w0"], table.Calls);
        table.Calls.Clear();

        state.Report(0, 0, 0, up: false);
        state.Report(0, 0, 0, up: true);

        Assert.Equal(["del 192.0.2.11:80", "set 192.0.2.99:80 w4", "set 192.0.2.99:80 w0", "add 192.0.2.11:80 w1"], table.Calls);
    }

    [Fact]
    public void SorryServerLvsMethod_IsTheSorryDestinationsMethod()
    {
        var sorry = new RealServer(IPAddress.Parse("192.0.2.99"), 80, default) { Method = LvsMethod.DirectRoute };

        Assert.Equal(IpvsForwardMethod.DirectRoute, LvsMapping.Destination(sorry, 1).Method);
    }

    [Fact]
    public void Mapping_SchedulerFlags_SentAsServiceFlags()
    {
        IpvsService sh = LvsMapping.Service(Server() with { Scheduler = "sh", Flags = LvsServiceFlags.Scheduler1 | LvsServiceFlags.Scheduler2, PersistenceTimeout = 30 });
        IpvsService ops = LvsMapping.Service(Server() with { Protocol = LvsProtocol.Udp, Flags = LvsServiceFlags.OnePacket | LvsServiceFlags.Scheduler3 });

        Assert.Equal(IpvsServiceFlags.Persistent | IpvsServiceFlags.Scheduler1 | IpvsServiceFlags.Scheduler2, sh.Flags);
        Assert.Equal(IpvsServiceFlags.OnePacket | IpvsServiceFlags.Scheduler3, ops.Flags);
    }

    [Fact]
    public void Reload_SchedulerFlagAdded_EditsTheServiceInPlace()
    {
        var table = new RecordingIpvsTable();
        var state = new LvsState([Server(Real(11)) with { Scheduler = "sh" }], table);
        state.Install();
        table.Calls.Clear();

        state.Reload([Server(Real(11)) with { Scheduler = "sh", Flags = LvsServiceFlags.Scheduler2 }]);

        Assert.Equal(["set-svc TCP 203.0.113.10:80 sh"], table.Calls);
        Assert.Equal(IpvsServiceFlags.Scheduler2, state.Services[0].Kernel.Flags);
    }

    [Fact]
    public void Notify_RealServerAndQuorumScripts_QueuedInTheOrderOfTheChanges()
    {
        var table = new RecordingIpvsTable();
        RealServer real = Real(11) with { NotifyUp = s_up, NotifyDown = s_down };
        var state = new LvsState([Server(real) with { QuorumUpScript = s_quorumUp, QuorumDownScript = s_quorumDown }], table);
        state.Install();
        Assert.Empty(state.TakeNotifications()); // started up with quorum: nothing to tell

        state.Report(0, 0, 0, up: false);
        state.Report(0, 0, 0, up: false); // no change, no script
        state.Report(0, 0, 0, up: true);

        Assert.Equal(
        [
            ("/bin/down", "real server 192.0.2.11:80 of TCP 203.0.113.10:80 DOWN"),
            ("/bin/qdown", "virtual server TCP 203.0.113.10:80 lost quorum"),
            ("/bin/up", "real server 192.0.2.11:80 of TCP 203.0.113.10:80 UP"),
            ("/bin/qup", "virtual server TCP 203.0.113.10:80 gained quorum"),
        ], state.TakeNotifications().Select(n => (n.Script.Command, n.What)));
        Assert.Empty(state.TakeNotifications());
    }

    [Fact]
    public void Omega_Uninstall_RunsNotifyDownAndQuorumDown_WithoutOmegaNothing()
    {
        RealServer real = Real(11) with { NotifyDown = s_down };
        var withOmega = new LvsState([Server(real) with { Omega = true, QuorumDownScript = s_quorumDown }], new RecordingIpvsTable());
        var without = new LvsState([Server(real) with { QuorumDownScript = s_quorumDown }], new RecordingIpvsTable());
        withOmega.Install();
        without.Install();

        withOmega.Uninstall();
        without.Uninstall();

        Assert.Equal(["/bin/down", "/bin/qdown"], withOmega.TakeNotifications().Select(n => n.Script.Command));
        Assert.Empty(without.TakeNotifications());
    }

    private static VirtualServer Server(params RealServer[] reals) =>
        new(default) { Address = IPAddress.Parse("203.0.113.10"), Port = 80, Scheduler = "rr", RealServers = new(reals) };

    private static RealServer Real(int last) => new(IPAddress.Parse($"192.0.2.{last}"), 80, default) { Checks = new([s_check]) };
}
