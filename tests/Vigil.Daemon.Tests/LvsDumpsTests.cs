using Vigil.Daemon.Metrics;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

/// <summary>Virtual and real servers in the SIGUSR1/SIGUSR2 dumps and the keepalived exporter's LVS metrics.</summary>
public sealed class LvsDumpsTests
{
    private static readonly DaemonStatus s_status = new()
    {
        ProcessId = 7,
        VirtualServers =
        [
            new VirtualServerStatus
            {
                Service = "TCP 203.0.113.10:80",
                Scheduler = "rr",
                Method = "NAT",
                QuorumUp = true,
                Vip = "203.0.113.10:80",
                Protocol = 6,
                Quorum = 1,
                LiveWeight = 1,
                DelayLoopSeconds = 1,
                Traffic = new TrafficStatus(6, 40, 32, 2236, 2978),
                RealServers =
                [
                    new RealServerStatus { Address = "192.0.2.11:80", ExporterAddress = "192.0.2.11:80", State = "UP", Weight = 1, ConfiguredWeight = 1, Checkers = ["TCP_CHECK up"], Traffic = new TrafficStatus(2, 14, 10, 780, 958) },
                    new RealServerStatus { Address = "192.0.2.12:80", ExporterAddress = "192.0.2.12:80", State = "DOWN", ConfiguredWeight = 2, Checkers = ["TCP_CHECK down"] },
                ],
            },
        ],
    };

    [Fact]
    public void Data_VirtualAndRealServersWithCheckerState()
    {
        string data = KeepalivedDumps.Data(s_status);

        Assert.Contains(" ------< Virtual server >------\n VS = TCP 203.0.113.10:80\n", data, StringComparison.Ordinal);
        Assert.Contains("   quorum_state_up = 1\n", data, StringComparison.Ordinal);
        Assert.Contains("   RS = 192.0.2.11:80, WEIGHT = 1, IN TABLE WEIGHT = 1\n", data, StringComparison.Ordinal);
        Assert.Contains("   RS = 192.0.2.12:80, WEIGHT = 2, IN TABLE WEIGHT = -\n   forwarding method = NAT\n   alive = 0\n", data, StringComparison.Ordinal);
        Assert.Contains("   Checker = TCP_CHECK down\n", data, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_KernelCountersPerServiceAndRealServer()
    {
        string stats = KeepalivedDumps.Stats(s_status);

        Assert.Contains("Virtual Server: TCP 203.0.113.10:80\n  Connections: 6\n  Packets:\n    In: 40\n    Out: 32\n  Bytes:\n    In: 2236\n    Out: 2978\n", stats, StringComparison.Ordinal);
        Assert.Contains("  Real Server: 192.0.2.11:80\n    Connections: 2\n", stats, StringComparison.Ordinal);
        Assert.DoesNotContain("Real Server: 192.0.2.12:80", stats, StringComparison.Ordinal); // not in the table: no counters
    }

    [Fact]
    public void Metrics_Gen2brainExporterLvsNamesAndLabels()
    {
        string metrics = PrometheusText.Format(s_status);

        Assert.Contains("# TYPE keepalived_lvs_vip_conn counter\n", metrics, StringComparison.Ordinal);
        Assert.Contains("keepalived_lvs_vip_conn{addr=\"203.0.113.10:80\",proto=\"6\"} 6\n", metrics, StringComparison.Ordinal);
        Assert.Contains("keepalived_lvs_vip_in_packets{addr=\"203.0.113.10:80\",proto=\"6\"} 40\n", metrics, StringComparison.Ordinal);
        Assert.Contains("keepalived_lvs_vip_out_bytes{addr=\"203.0.113.10:80\",proto=\"6\"} 2978\n", metrics, StringComparison.Ordinal);
        Assert.Contains("keepalived_lvs_rs_in_bytes{vip=\"203.0.113.10:80\",addr=\"192.0.2.11:80\",proto=\"6\"} 780\n", metrics, StringComparison.Ordinal);
        Assert.Contains("keepalived_lvs_rs_out_packets{vip=\"203.0.113.10:80\",addr=\"192.0.2.11:80\",proto=\"6\"} 10\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("addr=\"192.0.2.12:80\",proto", metrics, StringComparison.Ordinal);
    }
}
