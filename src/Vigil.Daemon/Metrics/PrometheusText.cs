using System.Globalization;
using System.Text;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Metrics;

/// <summary>
/// Renders a <see cref="DaemonStatus"/> in the Prometheus text exposition format (version 0.0.4).
/// The keepalived_* families use the names, labels and meanings of mehdy/keepalived-exporter (the
/// most used keepalived exporter; its collector.go): counters labelled iname/intf/vrid, and
/// keepalived_vrrp_state (INIT 0, BACKUP 1, MASTER 2, FAULT 3) once per VIP with ip_address, so
/// existing dashboards and alerts keep working. The vigil_* families are Vigil's own: priorities,
/// transitions by reason, tracker results, failover durations, drops by reason, time in state.
/// Pure: the metrics server passes the snapshot in.
/// </summary>
public static partial class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly (string Name, string Help, Func<InstanceCounters, long> Value)[] s_counters =
    [
        ("keepalived_advertisements_received_total", "Advertisements received", c => c.AdvertRcvd),
        ("keepalived_advertisements_sent_total", "Advertisements sent", c => c.AdvertSent),
        ("keepalived_become_master_total", "Became master", c => c.BecomeMaster),
        ("keepalived_release_master_total", "Released master", c => c.ReleaseMaster),
        ("keepalived_packet_length_errors_total", "Packet length errors", c => c.PacketLenErr),
        ("keepalived_advertisements_interval_errors_total", "Advertisement interval errors", c => c.AdvertIntervalErr),
        ("keepalived_ip_ttl_errors_total", "TTL errors", c => c.IpTtlErr),
        ("keepalived_invalid_type_received_total", "Invalid type errors", c => c.InvalidTypeRcvd),
        ("keepalived_address_list_errors_total", "Address list errors", c => c.AddrListErr),
        ("keepalived_authentication_invalid_total", "Authentication invalid", c => c.InvalidAuthtype),
        ("keepalived_authentication_mismatch_total", "Authentication mismatch", c => c.AuthtypeMismatch),
        ("keepalived_authentication_failure_total", "Authentication failure", c => c.AuthFailure),
        ("keepalived_priority_zero_received_total", "Priority zero received", c => c.PriZeroRcvd),
        ("keepalived_priority_zero_sent_total", "Priority zero sent", c => c.PriZeroSent),
        ("vigil_address_list_differed_total", "Accepted adverts whose VIP list differs from ours", c => c.AddressListDiffered),
        ("vigil_alternate_checksum_form_total", "Accepted v3 IPv4 adverts with the other checksum form", c => c.AlternateChecksumForm),
        ("vigil_own_adverts_received_total", "Adverts from this router's own address (ignored)", c => c.OwnAdvertsReceived),
        ("vigil_lower_priority_answers_suppressed_total", "Lower-priority adverts not answered (one answer per advert interval)", c => c.LowerPriorityAnswersSuppressed),
    ];

    private static readonly (string Name, string Help, Func<InstanceCounters, long> Value)[] s_gen2brainCounters =
    [
        ("keepalived_vrrp_advert_rcvd", "Advertisements received", c => c.AdvertRcvd),
        ("keepalived_vrrp_advert_sent", "Advertisements sent", c => c.AdvertSent),
        ("keepalived_vrrp_become_master", "Became master", c => c.BecomeMaster),
        ("keepalived_vrrp_release_master", "Released master", c => c.ReleaseMaster),
        ("keepalived_vrrp_packet_len_err", "Packet length errors", c => c.PacketLenErr),
        ("keepalived_vrrp_advert_interval_err", "Advertisement interval errors", c => c.AdvertIntervalErr),
        ("keepalived_vrrp_ip_ttl_err", "TTL errors", c => c.IpTtlErr),
        ("keepalived_vrrp_invalid_type_rcvd", "Invalid type errors", c => c.InvalidTypeRcvd),
        ("keepalived_vrrp_addr_list_err", "Address list errors", c => c.AddrListErr),
        ("keepalived_vrrp_invalid_authtype", "Authentication invalid", c => c.InvalidAuthtype),
        ("keepalived_vrrp_authtype_mismatch", "Authentication mismatch", c => c.AuthtypeMismatch),
        ("keepalived_vrrp_auth_failure", "Authentication failure", c => c.AuthFailure),
        ("keepalived_vrrp_pri_zero_rcvd", "Priority zero received", c => c.PriZeroRcvd),
        ("keepalived_vrrp_pri_zero_sent", "Priority zero sent", c => c.PriZeroSent),
    ];

    public static string Format(DaemonStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var text = new StringBuilder();
        Family(text, "keepalived_up", "gauge", "Status");
        text.Append("keepalived_up 1\n");

        Family(text, "keepalived_vrrp_state", "gauge", "State of vrrp");
        foreach (InstanceStatus i in status.Instances)
        {
            int state = KeepalivedStates.Number(i.State);
            if (i.Config.Vips.Count == 0)
            {
                Sample(text, "keepalived_vrrp_state", state, ("iname", i.Name), ("intf", i.Config.Interface), ("vrid", Vrid(i)), ("ip_address", ""));
            }

            foreach (string vip in i.Config.Vips)
            {
                VipSample(text, "keepalived_vrrp_state", i, vip);
            }
        }

        foreach ((string name, string help, Func<InstanceCounters, long> value) in s_counters)
        {
            Family(text, name, "counter", help);
            foreach (InstanceStatus i in status.Instances)
            {
                Sample(text, name, value(i.Counters), Common(i));
            }
        }

        Family(text, "keepalived_gratuitous_arp_delay_total", "counter", "Gratuitous ARP delay");
        foreach (InstanceStatus i in status.Instances)
        {
            Sample(text, "keepalived_gratuitous_arp_delay_total", i.Config.GarpDelaySeconds, Common(i));
        }

        Family(text, "keepalived_script_status", "gauge", "Tracker Script Status");
        foreach (TrackerStatus script in status.Instances.SelectMany(i => i.Trackers).Where(t => t.Kind == "Script" && t.Health != "unknown").DistinctBy(t => t.Name))
        {
            Sample(text, "keepalived_script_status", script.Health == "up" ? 1 : 0, ("name", script.Name["script ".Length..]));
        }

        Family(text, "keepalived_script_state", "gauge", "Tracker Script State");
        foreach (string script in status.Instances.SelectMany(i => i.Trackers).Where(t => t.Kind == "Script").Select(t => t.Name["script ".Length..]).Distinct())
        {
            // keepalived's script states: idle 0, running 1 (Vigil never reports 2/3, requested/forcing termination)
            Sample(text, "keepalived_script_state", status.RunningScripts.Contains(script) ? 1 : 0, ("name", script));
        }

        Family(text, "keepalived_vrrp_excluded_state", "gauge", "State of vrrp with excluded VIP");
        foreach (InstanceStatus i in status.Instances)
        {
            foreach (string vip in i.Config.ExcludedVips)
            {
                VipSample(text, "keepalived_vrrp_excluded_state", i, vip);
            }
        }

        Gen2brainFamilies(text, status);
        VigilFamilies(text, status);
        return text.ToString();
    }

    /// <summary>"ADDR[/PREFIX] dev IF scope S": the exporter labels with the first and third words.</summary>
    private static void VipSample(StringBuilder text, string name, InstanceStatus i, string vip)
    {
        string[] words = vip.Split(' ');
        Sample(text, name, KeepalivedStates.Number(i.State), ("iname", i.Name), ("intf", words.Length > 2 ? words[2] : i.Config.Interface), ("vrid", Vrid(i)), ("ip_address", words[0]));
    }

    /// <summary>
    /// The same counters under gen2brain/keepalived_exporter's names (keepalived_vrrp_advert_rcvd, …; labels
    /// name, intf, vrid, state), so dashboards built on that exporter keep working too.
    /// </summary>
    private static void Gen2brainFamilies(StringBuilder text, DaemonStatus status)
    {
        foreach ((string name, string help, Func<InstanceCounters, long> value) in s_gen2brainCounters)
        {
            Family(text, name, "counter", help);
            foreach (InstanceStatus i in status.Instances)
            {
                Sample(text, name, value(i.Counters), ("name", i.Name), ("intf", i.Config.Interface), ("vrid", Vrid(i)), ("state", i.State));
            }
        }
    }

    /// <summary>The LVS side (only when virtual servers run): checker verdict, table weight and quorum per service.</summary>
    private static void LvsFamilies(StringBuilder text, DaemonStatus status)
    {
        if (status.VirtualServers.Count == 0)
        {
            return;
        }

        ExporterLvsFamilies(text, status);
        Family(text, "vigil_lvs_quorum_up", "gauge", "Virtual server quorum: 1 met, 0 lost (sorry server in use when configured)");
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            Sample(text, "vigil_lvs_quorum_up", v.QuorumUp ? 1 : 0, ("vs", v.Service));
        }

        Family(text, "vigil_lvs_installed", "gauge", "Virtual server in the IPVS table: 1 installed, 0 refused by the kernel (see the log)");
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            Sample(text, "vigil_lvs_installed", v.NotInstalled is null ? 1 : 0, ("vs", v.Service));
        }

        Family(text, "vigil_lvs_real_server_up", "gauge", "Real server health: 1 every checker up, 0 down");
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            foreach (RealServerStatus r in v.RealServers)
            {
                Sample(text, "vigil_lvs_real_server_up", r.State == "UP" ? 1 : 0, ("vs", v.Service), ("rs", r.Address));
            }
        }

        Family(text, "vigil_lvs_real_server_weight", "gauge", "Real server weight in the IPVS table (0 inhibited; absent when not in the table)");
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            foreach (RealServerStatus r in v.RealServers.Where(r => r.Weight is not null))
            {
                Sample(text, "vigil_lvs_real_server_weight", r.Weight!.Value, ("vs", v.Service), ("rs", r.Address));
            }
        }
    }

    private static void VigilFamilies(StringBuilder text, DaemonStatus status)
    {
        LvsFamilies(text, status);
        Family(text, "vigil_vrrp_base_priority", "gauge", "Configured priority");
        foreach (InstanceStatus i in status.Instances)
        {
            Sample(text, "vigil_vrrp_base_priority", i.BasePriority, Common(i));
        }

        Family(text, "vigil_vrrp_effective_priority", "gauge", "Priority after tracking");
        foreach (InstanceStatus i in status.Instances)
        {
            Sample(text, "vigil_vrrp_effective_priority", i.EffectivePriority, Common(i));
        }

        Family(text, "vigil_vrrp_time_in_state_seconds", "gauge", "Seconds since the last state change");
        foreach (InstanceStatus i in status.Instances)
        {
            Sample(text, "vigil_vrrp_time_in_state_seconds", i.TimeInStateSeconds, ("iname", i.Name), ("state", i.State));
        }

        Family(text, "vigil_vrrp_transitions_total", "counter", "State changes by from, to and reason");
        foreach (InstanceStatus i in status.Instances)
        {
            foreach (TransitionCount t in i.Transitions)
            {
                Sample(text, "vigil_vrrp_transitions_total", t.Count, ("iname", i.Name), ("from", t.From), ("to", t.To), ("reason", t.Reason));
            }
        }

        Family(text, "vigil_vrrp_received_dropped_total", "counter", "Adverts dropped, by Vigil's finer reason");
        foreach (InstanceStatus i in status.Instances)
        {
            foreach ((string reason, long count) in i.Counters.Dropped.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                Sample(text, "vigil_vrrp_received_dropped_total", count, ("iname", i.Name), ("reason", reason));
            }
        }

        Family(text, "vigil_tracker_up", "gauge", "Tracker result: 1 up, 0 down or fault (unknown: absent)");
        foreach (InstanceStatus i in status.Instances)
        {
            foreach (TrackerStatus t in i.Trackers.Where(t => t.Health != "unknown"))
            {
                Sample(text, "vigil_tracker_up", t.Health == "up" ? 1 : 0, ("iname", i.Name), ("tracker", t.Name), ("kind", t.Kind));
            }
        }

        Family(text, "vigil_failover_duration_seconds", "histogram", "From the old master's last advert to becoming master, for takeovers after silence or a priority-0 release");
        foreach (InstanceStatus i in status.Instances)
        {
            FailoverStats f = i.Failovers;
            for (int b = 0; b < f.CumulativeBuckets.Count; b++)
            {
                string le = b < f.BucketBounds.Count ? f.BucketBounds[b].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                Sample(text, "vigil_failover_duration_seconds_bucket", f.CumulativeBuckets[b], ("iname", i.Name), ("le", le));
            }

            Sample(text, "vigil_failover_duration_seconds_sum", f.SumSeconds, ("iname", i.Name));
            Sample(text, "vigil_failover_duration_seconds_count", f.Count, ("iname", i.Name));
        }
    }

    private static (string, string)[] Common(InstanceStatus i) => [("iname", i.Name), ("intf", i.Config.Interface), ("vrid", Vrid(i))];

    private static string Vrid(InstanceStatus i) => i.VirtualRouterId.ToString(CultureInfo.InvariantCulture);

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, double value, params (string Name, string Value)[] labels)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{');
            for (int l = 0; l < labels.Length; l++)
            {
                text.Append(l == 0 ? "" : ",").Append(labels[l].Name).Append("=\"");
                foreach (char ch in labels[l].Value)
                {
                    // Exposition format: backslash, double quote and line feed are escaped in label values.
                    text.Append(ch switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => ch.ToString() });
                }

                text.Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }
}
