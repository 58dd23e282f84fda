using System.Net;
using Vigil.Cli.Status;
using Vigil.Daemon.Status;

namespace Vigil.Cli.Tests;

public sealed class StatusCommandTests
{
    private static readonly DaemonStatus s_status = new()
    {
        ProcessId = 7,
        Instances =
        [
            new InstanceStatus
            {
                Name = "VI_1",
                State = "MASTER",
                BasePriority = 100,
                EffectivePriority = 80,
                MasterAddress = "192.0.2.1",
                TimeInStateSeconds = 125,
                LastTransitionReason = "master down timer expired (no advert received)",
                Config = new InstanceInfo { Interface = "eth0", Vips = ["192.0.2.100/24 dev eth0 scope global"] },
                Trackers = [new TrackerStatus("script chk_nginx", "Script", -20, false, "down", null)],
                Counters = new InstanceCounters(),
                Failovers = new FailoverStats(0, 0, null, [], []),
            },
        ],
    };

    private static readonly VirtualServerStatus s_virtualServer = new()
    {
        Service = "TCP 203.0.113.10:80",
        Scheduler = "rr",
        Method = "NAT",
        QuorumUp = true,
        RealServers =
        [
            new RealServerStatus { Address = "192.0.2.11:80", State = "UP", Weight = 2, ConfiguredWeight = 2, Checkers = ["TCP_CHECK up"] },
            new RealServerStatus { Address = "192.0.2.12:80", State = "DOWN", Weight = null, ConfiguredWeight = 1, Checkers = ["TCP_CHECK down"] },
            new RealServerStatus { Address = "192.0.2.13:80", State = "DOWN", Weight = 0, ConfiguredWeight = 1, Checkers = ["TCP_CHECK down"] },
        ],
    };

    [Fact]
    public void Format_VirtualServers_SecondTableWithEachRealServersStateAndTableWeight()
    {
        string[] lines = StatusTable.Format(s_status with { VirtualServers = [s_virtualServer with { QuorumUp = false, SorryServerActive = "192.0.2.99:80" }] }).Split('\n');

        int header = Array.FindIndex(lines, l => l.StartsWith("VIRTUAL SERVER", StringComparison.Ordinal));
        Assert.True(header > 1);
        Assert.Matches(@"^TCP 203\.0\.113\.10:80 rr NAT quorum-lost +192\.0\.2\.11:80 +UP +2 +TCP_CHECK up$", lines[header + 1]);
        Assert.Matches(@"^ +192\.0\.2\.12:80 +DOWN +- +TCP_CHECK down$", lines[header + 2]);
        Assert.Matches(@"^ +192\.0\.2\.13:80 +DOWN +0 +TCP_CHECK down$", lines[header + 3]);
        Assert.Matches(@"^ +192\.0\.2\.99:80 +SORRY +1 +-$", lines[header + 4]);
    }

    [Fact]
    public void Format_VirtualServerTheKernelRefused_RowNotInstalledWithTheError_ThenItsCheckedRealServers()
    {
        VirtualServerStatus refused = s_virtualServer with { Service = "TCP 203.0.113.20:80", QuorumUp = false, NotInstalled = "No such file or directory", RealServers = [s_virtualServer.RealServers[1]] };
        string[] lines = StatusTable.Format(s_status with { VirtualServers = [refused] }).Split('\n');

        int header = Array.FindIndex(lines, l => l.StartsWith("VIRTUAL SERVER", StringComparison.Ordinal));
        Assert.Matches(@"^TCP 203\.0\.113\.20:80 rr NAT +- +NOT INSTALLED +- +No such file or directory$", lines[header + 1]);
        Assert.Matches(@"^ +192\.0\.2\.12:80 +DOWN +- +TCP_CHECK down$", lines[header + 2]);
    }

    [Fact]
    public void Format_NoVirtualServers_NoSecondTable()
    {
        Assert.DoesNotContain("VIRTUAL SERVER", StatusTable.Format(s_status), StringComparison.Ordinal);
    }

    [Fact]
    public void Format_OneInstance_RowHasStatePrioritiesMasterVipTrackerTimeAndReason()
    {
        string[] lines = StatusTable.Format(s_status).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        Assert.StartsWith("INSTANCE", lines[0], StringComparison.Ordinal);
        string row = lines[1];
        foreach (string cell in (string[])["VI_1", "MASTER", "100/80", "192.0.2.1", "192.0.2.100/24", "script chk_nginx down(-20)", "2m05s", "master down timer expired"])
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Format_KernelLacksAMastersVip_MarksItMissing()
    {
        InstanceStatus master = s_status.Instances[0] with
        {
            Config = new InstanceInfo { Interface = "eth0", Vips = ["192.0.2.100/24 dev eth0 scope global", "192.0.2.101/24 dev eth0 scope global"] },
            KernelVips = ["192.0.2.101/24 dev eth0 scope global"],
        };

        string row = StatusTable.Format(s_status with { Instances = [master] }).Split('\n')[1];

        Assert.Contains(" 192.0.2.100/24!missing,192.0.2.101/24 ", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_BackupHoldsNoVip_ShowsNoneAndAHeldOneAsHeld()
    {
        InstanceStatus backup = s_status.Instances[0] with { State = "BACKUP", KernelVips = [] };
        Assert.Contains(" - ", StatusTable.Format(s_status with { Instances = [backup] }).Split('\n')[1], StringComparison.Ordinal);

        InstanceStatus holding = backup with { KernelVips = backup.Config.Vips };
        Assert.Contains(" 192.0.2.100/24 ", StatusTable.Format(s_status with { Instances = [holding] }).Split('\n')[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0.0s")]
    [InlineData(12.34, "12.3s")]
    [InlineData(245, "4m05s")]
    [InlineData(7620, "2h07m")]
    [InlineData(273600, "3d04h")]
    public void Duration_Seconds_CompactText(double seconds, string expected) => Assert.Equal(expected, StatusTable.Duration(seconds));

    [Fact]
    public void Status_NoDaemon_ExitsOneSayingItCannotReachIt()
    {
        var (exit, _, error) = CheckCommandTests.Vigil("status", "--socket", "/nonexistent/vigil.sock");

        Assert.Equal(1, exit);
        Assert.Contains("cannot reach the daemon at /nonexistent/vigil.sock: no such socket", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:9650", "127.0.0.1:9650")]
    [InlineData("9650", "127.0.0.1:9650")]
    [InlineData("[::1]:9650", "[::1]:9650")]
    [InlineData("0.0.0.0:9650", "0.0.0.0:9650")]
    public void TryParseListen_Valid_Endpoint(string text, string expected)
    {
        Assert.True(RunStatusOptions.TryParseListen(text, out IPEndPoint? endpoint));
        Assert.Equal(expected, endpoint!.ToString());
    }

    [Theory]
    [InlineData("localhost:9650")]
    [InlineData("127.0.0.1")]
    [InlineData("0")]
    [InlineData("127.0.0.1:0")]
    public void TryParseListen_Invalid_Refused(string text) => Assert.False(RunStatusOptions.TryParseListen(text, out _));

    [Fact]
    public void Run_BadMetricsListen_ExitsOneWithTheFix()
    {
        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", "/nonexistent.conf", "--metrics-listen", "localhost:9650");

        Assert.Equal(1, exit);
        Assert.Contains("--metrics-listen localhost:9650: use ADDRESS:PORT", error, StringComparison.Ordinal);
    }
}
