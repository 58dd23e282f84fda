using System.Text;
using System.Text.Json;
using Vigil.Daemon.Metrics;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

public sealed class KeepalivedDumpsTests
{
    private static readonly DaemonStatus s_status = new()
    {
        ProcessId = 7,
        Instances =
        [
            new InstanceStatus
            {
                Name = "VI_1",
                VirtualRouterId = 51,
                Version = 2,
                State = "MASTER",
                BasePriority = 100,
                EffectivePriority = 100,
                LastTransitionAt = DateTimeOffset.FromUnixTimeSeconds(1_764_100_000),
                Config = new InstanceInfo { Interface = "eth0", Vips = ["192.0.2.100/24 dev eth0 scope global"], AuthType = "PASS" },
                Trackers = [new TrackerStatus("script chk_nginx", "Script", 0, false, "up", null)],
                Counters = new InstanceCounters { AdvertSent = 12, BecomeMaster = 1, IpTtlErr = 2, Dropped = new Dictionary<string, long> { ["TtlError"] = 2 } },
                Transitions = [new TransitionCount("BACKUP", "MASTER", "MasterDownTimerExpired", 1)],
                Failovers = new FailoverStats(1, 0.35, 0.35, [0.25, 0.5], [0, 1, 1]),
            },
        ],
    };

    [Fact]
    public void Json_OneMaster_KeepalivedLayoutWithoutAuthData()
    {
        using JsonDocument json = JsonDocument.Parse(KeepalivedDumps.Json(s_status));

        JsonElement entry = Assert.Single(json.RootElement.EnumerateArray().ToArray());
        JsonElement data = entry.GetProperty("data");
        Assert.Equal("VI_1", data.GetProperty("iname").GetString());
        Assert.Equal("eth0", data.GetProperty("ifp_ifname").GetString());
        Assert.Equal(2, data.GetProperty("state").GetInt32());
        Assert.Equal(51, data.GetProperty("vrid").GetInt32());
        Assert.Equal(1, data.GetProperty("auth_type").GetInt32());
        Assert.Equal(1_764_100_000, data.GetProperty("last_transition").GetDouble());
        Assert.Equal("192.0.2.100/24 dev eth0 scope global", data.GetProperty("vips")[0].GetString());
        Assert.False(data.TryGetProperty("auth_data", out _));
        Assert.False(data.TryGetProperty("evips", out _)); // empty lists are left out, as keepalived does
        Assert.Equal(12, entry.GetProperty("stats").GetProperty("advert_sent").GetInt64());
        Assert.Equal(2, entry.GetProperty("stats").GetProperty("ip_ttl_err").GetInt64());
    }

    [Fact]
    public void Json_StatsObject_CarriesEveryKeepalivedVrrpStatsName()
    {
        using JsonDocument json = JsonDocument.Parse(KeepalivedDumps.Json(s_status));
        JsonElement stats = json.RootElement[0].GetProperty("stats");

        // keepalived 2.2.x vrrp_json.c's stats object, the names the exporters read.
        string[] keepalived =
        [
            "advert_rcvd", "advert_sent", "become_master", "release_master", "packet_len_err", "advert_interval_err",
            "ip_ttl_err", "invalid_type_rcvd", "addr_list_err", "invalid_authtype", "authtype_mismatch", "auth_failure",
            "pri_zero_rcvd", "pri_zero_sent",
        ];
        Assert.All(keepalived, name => Assert.Equal(JsonValueKind.Number, stats.GetProperty(name).ValueKind));
    }

    [Fact]
    public void Data_OneMaster_KeepalivedKeyValueLines()
    {
        string data = KeepalivedDumps.Data(s_status);

        Assert.Contains(" VRRP Instance = VI_1\n", data, StringComparison.Ordinal);
        Assert.Contains("   State = MASTER\n", data, StringComparison.Ordinal);
        Assert.Contains("   Virtual Router ID = 51\n", data, StringComparison.Ordinal);
        Assert.Contains("   Virtual IP (1):\n     192.0.2.100/24 dev eth0 scope global\n", data, StringComparison.Ordinal);
        Assert.Contains("   Authentication type = PASS\n", data, StringComparison.Ordinal);
    }

    [Fact]
    public void Stats_OneMaster_KeepalivedSections()
    {
        string stats = KeepalivedDumps.Stats(s_status);

        Assert.StartsWith("VRRP Instance: VI_1\n  Advertisements:\n    Received: 0\n    Sent: 12\n  Became master: 1\n", stats, StringComparison.Ordinal);
        Assert.Contains("    TTL: 2\n", stats, StringComparison.Ordinal);
    }

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
    public void Prometheus_VirtualServers_HealthWeightAndQuorumPerRealServer()
    {
        string text = PrometheusText.Format(s_status with { VirtualServers = [s_virtualServer] });

        Assert.Contains("vigil_lvs_quorum_up{vs=\"TCP 203.0.113.10:80\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_lvs_real_server_up{vs=\"TCP 203.0.113.10:80\",rs=\"192.0.2.11:80\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_lvs_real_server_up{vs=\"TCP 203.0.113.10:80\",rs=\"192.0.2.12:80\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_lvs_real_server_weight{vs=\"TCP 203.0.113.10:80\",rs=\"192.0.2.13:80\"} 0\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rs=\"192.0.2.12:80\"} 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("vigil_lvs_real_server_weight{vs=\"TCP 203.0.113.10:80\",rs=\"192.0.2.12:80\"}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("vigil_lvs", PrometheusText.Format(s_status), StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_OneMaster_ExporterNamesAndVigilFamilies()
    {
        string text = PrometheusText.Format(s_status);

        Assert.Contains("keepalived_up 1\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"192.0.2.100/24\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_advertisements_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 12\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_ip_ttl_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_script_status{name=\"chk_nginx\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_vrrp_transitions_total{iname=\"VI_1\",from=\"BACKUP\",to=\"MASTER\",reason=\"MasterDownTimerExpired\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_failover_duration_seconds_bucket{iname=\"VI_1\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("vigil_tracker_up{iname=\"VI_1\",tracker=\"script chk_nginx\",kind=\"Script\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_Gen2brainNamesExcludedVipsAndScriptState()
    {
        InstanceStatus excluding = s_status.Instances[0] with { Config = s_status.Instances[0].Config with { ExcludedVips = ["198.51.100.7/32 dev eth1 scope global"] } };
        string text = PrometheusText.Format(s_status with { Instances = [excluding], RunningScripts = ["chk_nginx"] });

        Assert.Contains("keepalived_vrrp_advert_sent{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 12\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_ip_ttl_err{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_become_master{name=\"VI_1\",intf=\"eth0\",vrid=\"51\",state=\"MASTER\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth1\",vrid=\"51\",ip_address=\"198.51.100.7/32\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_script_state{name=\"chk_nginx\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("keepalived_script_state{name=\"chk_nginx\"} 0\n", PrometheusText.Format(s_status), StringComparison.Ordinal);
    }

    [Fact]
    public void Prometheus_EveryFamily_TypeLineDirectlyBeforeItsSamples()
    {
        string[] lines = PrometheusText.Format(s_status).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string? family = null;
        foreach (string line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                family = line.Split(' ')[2];
            }
            else if (!line.StartsWith('#'))
            {
                Assert.NotNull(family);
                Assert.StartsWith(family, line, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Dumps_PasswordNeverWritten()
    {
        // InstanceInfo has no field for the password; the rendering shows only the type.
        string all = KeepalivedDumps.Data(s_status) + KeepalivedDumps.Stats(s_status) + Encoding.UTF8.GetString(KeepalivedDumps.Json(s_status)) + PrometheusText.Format(s_status);

        Assert.DoesNotContain("auth_pass", all, StringComparison.Ordinal);
        Assert.DoesNotContain("auth_data", all, StringComparison.Ordinal);
    }
}
