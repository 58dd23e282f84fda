using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Metrics;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

/// <summary>
/// A virtual server the kernel refuses at start (a scheduler or persistence engine module missing) is left out and the
/// others run, as keepalived 2.2.7's init_service_vs (ipwrapper.c) ignores the failed IPVS command and goes on. Its
/// checkers still run (keepalived starts them all); a verdict change makes no table call and runs no notify script
/// (keepalived's perform_svr_state sends it, the kernel answers "no such service", nothing else happens).
/// </summary>
public sealed class LvsServiceRefusedTests
{
    private const string NoScheduler = "No such file or directory (scheduler module missing)";

    [Fact]
    public void Install_KernelRefusesOneService_TheOthersAreInstalledAndItIsRefused()
    {
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        var state = new LvsState([Server(10, "nosuch"), Server(20, "rr")], table);

        state.Install();

        Assert.Equal(["add-svc TCP 203.0.113.10:80 nosuch", "add-svc TCP 203.0.113.20:80 rr", "add 192.0.2.20:80 w1"], table.Calls);
        Assert.Equal("TCP 203.0.113.20:80", Assert.Single(state.Services).Kernel.ToString());
        (LvsState.ServiceState refused, string error) = Assert.Single(state.Refused);
        Assert.Equal(("TCP 203.0.113.10:80", NoScheduler), (refused.Kernel.ToString(), error));
    }

    [Fact]
    public void Install_DestinationRefused_TheServiceIsTakenOutAgain()
    {
        var table = new RecordingIpvsTable { RefuseDestination = d => d.Address.Equals(IPAddress.Parse("192.0.2.10")) ? "Invalid argument" : null };
        var state = new LvsState([Server(10, "rr"), Server(20, "rr")], table);

        state.Install();

        Assert.Equal(["add-svc TCP 203.0.113.10:80 rr", "add 192.0.2.10:80 w1", "del-svc TCP 203.0.113.10:80", "add-svc TCP 203.0.113.20:80 rr", "add 192.0.2.20:80 w1"], table.Calls);
        Assert.Single(state.Services);
        Assert.Single(state.Refused);
    }

    [Fact]
    public void Reload_RefusedServiceIsTriedAgain_InstalledOnceTheKernelTakesIt()
    {
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        var state = new LvsState([Server(10, "nosuch"), Server(20, "rr")], table);
        state.Install();
        table.Calls.Clear();
        table.RefuseService = null; // the module got loaded

        LvsReloadResult result = state.Reload([Server(10, "nosuch"), Server(20, "rr")]);

        Assert.Equal(["add-svc TCP 203.0.113.10:80 nosuch", "add 192.0.2.10:80 w1"], table.Calls);
        Assert.Equal(2, state.Services.Count);
        Assert.Empty(state.Refused);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Start_RefusedService_LoggedAtItsLineAndShownNotInstalledInStatusAndMetrics()
    {
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        var logger = new RecordingLogger();
        using LvsController controller = LvsController.Start([Server(10, "nosuch"), Server(20, "rr")], table, null, logger, (f, t, p) => new Socket(f, t, p));

        string line = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error).Message;
        Assert.StartsWith("keepalived.conf:10:1: IPVS refused virtual server TCP 203.0.113.10:80: " + NoScheduler, line, StringComparison.Ordinal);

        IReadOnlyList<VirtualServerStatus> snapshot = controller.Snapshot();
        Assert.Equal([null, NoScheduler], snapshot.Select(v => v.NotInstalled));
        Assert.Equal("TCP 203.0.113.10:80", snapshot[1].Service);
        string metrics = PrometheusText.Format(new DaemonStatus { VirtualServers = snapshot });
        Assert.Contains("vigil_lvs_installed{vs=\"TCP 203.0.113.10:80\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("vigil_lvs_installed{vs=\"TCP 203.0.113.20:80\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_RealServerOfARefusedService_VerdictRecorded_NoTableCallNoNotify()
    {
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        var notify = new ScriptCommand("/bin/down", null, default);
        VirtualServer refused = Server(10, "nosuch") with { RealServers = new([Checked(10) with { NotifyDown = notify }]) };
        var state = new LvsState([refused, Server(20, "rr")], table);
        state.Install();
        table.Calls.Clear();
        LvsState.RealServerState real = state.Refused[0].Service.Reals[0];
        Assert.Equal([true], real.Checkers); // started as keepalived starts it: up without alpha

        Assert.Equal(LvsState.NotInKernel, state.Report(real, 0, up: false));
        Assert.Null(state.Report(real, 0, up: false));

        Assert.False(real.Alive);
        Assert.Null(real.InKernel);
        Assert.Empty(table.Calls);
        Assert.Empty(state.TakeNotifications());
    }

    [Fact]
    public void Install_DestinationRefused_NoRealServerLeftMarkedInTheTable()
    {
        var table = new RecordingIpvsTable { RefuseDestination = d => d.Port == 81 ? "Invalid argument" : null };
        VirtualServer server = Server(10, "rr") with { RealServers = new([Checked(10), new RealServer(IPAddress.Parse("192.0.2.11"), 81, default)]) };
        var state = new LvsState([server], table);

        state.Install();

        LvsState.ServiceState refused = Assert.Single(state.Refused).Service;
        Assert.All(refused.Reals, r => Assert.Null(r.InKernel));
        table.Calls.Clear();
        Assert.Equal(LvsState.NotInKernel, state.Report(refused.Reals[0], 0, up: false));
        Assert.Empty(table.Calls);
    }

    [Fact]
    public void Reload_RefusedServiceCheckersRetired_FreshOnesStarted_AlsoWhenRefusedAgain()
    {
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        VirtualServer refused = Server(10, "nosuch") with { RealServers = new([Checked(10)]) };
        var state = new LvsState([refused], table);
        state.Install();
        LvsState.RealServerState first = state.Refused[0].Service.Reals[0];

        LvsReloadResult again = state.Reload([refused]);

        Assert.Same(first, Assert.Single(again.Retired));
        Assert.True(first.Retired);
        LvsState.RealServerState second = Assert.Single(again.Started);
        Assert.Same(second, state.Refused[0].Service.Reals[0]);
        Assert.Single(again.Errors);

        table.RefuseService = null;
        LvsReloadResult installed = state.Reload([refused]);
        Assert.Same(second, Assert.Single(installed.Retired));
        Assert.Equal("192.0.2.10:80", Assert.Single(installed.Started).Config.ToString());
        Assert.Empty(state.Refused);
    }

    [Fact]
    public void Start_RefusedService_ItsCheckersRun_StatusShowsTheirVerdict_TableUntouched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var table = new RecordingIpvsTable { RefuseService = s => s.Scheduler == "nosuch" ? NoScheduler : null };
        var check = new TcpCheck(default) { ConnectIp = IPAddress.Loopback, ConnectPort = (ushort)port, Timing = CheckTiming.Defaults with { ConnectTimeout = TimeSpan.FromSeconds(2), Warmup = TimeSpan.Zero } };
        VirtualServer refused = Server(10, "nosuch") with { Alpha = true, RealServers = new([new RealServer(IPAddress.Parse("192.0.2.10"), 80, default) { Checks = new([check]) }]) };
        var logger = new RecordingLogger();
        using LvsController controller = LvsController.Start([refused], table, null, logger, (f, t, p) => new Socket(f, t, p));
        Assert.Equal("DOWN", controller.Snapshot()[0].RealServers[0].State); // alpha: down until checked
        table.Calls.Clear();

        // bounded: the TCP_CHECK connects to the listener at once (no warmup), so the real server comes up
        for (int i = 0; i < 100 && controller.Snapshot()[0].RealServers[0].State != "UP"; i++)
        {
            Thread.Sleep(50);
        }

        VirtualServerStatus status = controller.Snapshot()[0];
        Assert.Equal(NoScheduler, status.NotInstalled);
        RealServerStatus real = Assert.Single(status.RealServers);
        Assert.Equal(("UP", null, "TCP_CHECK up"), (real.State, real.Weight, Assert.Single(real.Checkers)));
        Assert.Empty(table.Calls);
        Assert.Contains(logger.Lines, l => l.Message.Contains(LvsState.NotInKernel, StringComparison.Ordinal));
    }

    private static RealServer Checked(int last) => new(IPAddress.Parse($"192.0.2.{last}"), 80, default) { Checks = new([new TcpCheck(default)]) };

    private static VirtualServer Server(int last, string scheduler) => new(new SourceLocation("keepalived.conf", last, 1))
    {
        Address = IPAddress.Parse($"203.0.113.{last}"),
        Port = 80,
        Scheduler = scheduler,
        RealServers = new([new RealServer(IPAddress.Parse($"192.0.2.{last}"), 80, default)]),
    };
}
