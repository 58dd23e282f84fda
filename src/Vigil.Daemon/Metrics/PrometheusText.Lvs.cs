using System.Globalization;
using System.Text;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Metrics;

/// <summary>
/// The IPVS traffic counters under gen2brain/keepalived_exporter's names and labels (collector.go):
/// <c>keepalived_lvs_vip_{in_packets,out_packets,in_bytes,out_bytes,conn}{addr,proto}</c> per service and
/// <c>keepalived_lvs_rs_…{vip,addr,proto}</c> per destination, addr as "IP:PORT" and proto the protocol
/// number, so its dashboards work unchanged. Only services and destinations the kernel reported are sampled.
/// </summary>
public static partial class PrometheusText
{
    private static readonly (string Suffix, string Help, Func<TrafficStatus, ulong> Value)[] s_lvsCounters =
    [
        ("in_packets", "in packets", t => t.InPackets),
        ("out_packets", "out packets", t => t.OutPackets),
        ("in_bytes", "in bytes", t => t.InBytes),
        ("out_bytes", "out bytes", t => t.OutBytes),
        ("conn", "connections", t => t.Connections),
    ];

    private static void ExporterLvsFamilies(StringBuilder text, DaemonStatus status)
    {
        foreach ((string suffix, string help, Func<TrafficStatus, ulong> value) in s_lvsCounters)
        {
            string name = "keepalived_lvs_vip_" + suffix;
            Family(text, name, "counter", "VIP " + help);
            foreach (VirtualServerStatus v in status.VirtualServers.Where(v => v.Traffic is not null))
            {
                Sample(text, name, value(v.Traffic!), ("addr", v.Vip), ("proto", v.Protocol.ToString(CultureInfo.InvariantCulture)));
            }
        }

        foreach ((string suffix, string help, Func<TrafficStatus, ulong> value) in s_lvsCounters)
        {
            string name = "keepalived_lvs_rs_" + suffix;
            Family(text, name, "counter", "RS " + help);
            foreach (VirtualServerStatus v in status.VirtualServers)
            {
                foreach (RealServerStatus r in v.RealServers.Where(r => r.Traffic is not null))
                {
                    Sample(text, name, value(r.Traffic!), ("vip", v.Vip), ("addr", r.ExporterAddress), ("proto", v.Protocol.ToString(CultureInfo.InvariantCulture)));
                }
            }
        }
    }
}
