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
/// others run, as keepalived 2.2.7's init_service_vs (ipwrapper.c) ignores the failed IPVS command and goes on.
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

    private static VirtualServer Server(int last, string scheduler) => new(new SourceLocation("keepalived.conf", last, 1))
    {
        Address = IPAddress.Parse($"203.0.113.{last}"),
        Port = 80,
        Scheduler = scheduler,
        RealServers = new([new RealServer(IPAddress.Parse($"192.0.2.{last}"), 80, default)]),
    };
}
