using System.Text;

namespace Vigil.Daemon.Status;

/// <summary>
/// The LVS half of the dumps, in the layout of keepalived's checker dump (keepalived_check.data:
/// "------&lt; Virtual server &gt;------", "------&lt; Real server &gt;------", "Key = value" lines) appended to
/// SIGUSR1's file, and the kernel's traffic counters appended to SIGUSR2's.
/// </summary>
public static partial class KeepalivedDumps
{
    private static void LvsData(StringBuilder text, DaemonStatus status)
    {
        if (status.VirtualServers.Count == 0)
        {
            return;
        }

        text.Append("------< LVS Topology >------\n");
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            text.Append(" ------< Virtual server >------\n");
            text.Append(s_c, $" VS = {v.Service}\n");
            text.Append(s_c, $"   delay_loop = {v.DelayLoopSeconds:0.000000}\n");
            text.Append(s_c, $"   lvs_sched = {v.Scheduler}\n");
            text.Append(s_c, $"   default forwarding method = {v.Method}\n");
            if (v.NotInstalled is { } refusal)
            {
                text.Append(s_c, $"   not installed: the kernel refused it: {refusal}\n");
            }
            if (v.PersistenceTimeout > 0)
            {
                text.Append(s_c, $"   persistence timeout = {v.PersistenceTimeout}\n");
            }

            text.Append(s_c, $"   alpha is {OnOff(v.Alpha)}\n");
            text.Append(s_c, $"   omega is {OnOff(v.Omega)}\n");
            text.Append(s_c, $"   quorum = {v.Quorum}, hysteresis = {v.Hysteresis}\n");
            text.Append(s_c, $"   quorum_state_up = {(v.QuorumUp ? 1 : 0)}\n");
            text.Append(s_c, $"   live weight = {v.LiveWeight}\n");
            if (v.SorryServerActive is { } sorry)
            {
                text.Append(s_c, $"   sorry server = {sorry} (in use)\n");
            }

            foreach (RealServerStatus r in v.RealServers)
            {
                text.Append("   ------< Real server >------\n");
                text.Append(s_c, $"   RS = {r.Address}, WEIGHT = {r.ConfiguredWeight}, IN TABLE WEIGHT = {(r.Weight is { } w ? w.ToString(s_c) : "-")}\n");
                text.Append(s_c, $"   forwarding method = {r.Method}\n");
                text.Append(s_c, $"   alive = {(r.State == "UP" ? 1 : 0)}\n");
                text.Append(s_c, $"   Inhibit on failure is {OnOff(r.InhibitOnFailure)}\n");
                text.Append(s_c, $"   Active connections = {r.ActiveConnections}, inactive = {r.InactiveConnections}\n");
                foreach (string checker in r.Checkers)
                {
                    text.Append(s_c, $"   Checker = {checker}\n");
                }
            }
        }
    }

    private static void LvsStats(StringBuilder text, DaemonStatus status)
    {
        foreach (VirtualServerStatus v in status.VirtualServers)
        {
            text.Append(s_c, $"Virtual Server: {v.Service}\n");
            Traffic(v.Traffic, "  ");
            foreach (RealServerStatus r in v.RealServers.Where(r => r.Traffic is not null))
            {
                text.Append(s_c, $"  Real Server: {r.Address}\n");
                Traffic(r.Traffic, "    ");
            }
        }

        void Traffic(TrafficStatus? t, string indent)
        {
            if (t is not null)
            {
                text.Append(s_c, $"{indent}Connections: {t.Connections}\n{indent}Packets:\n{indent}  In: {t.InPackets}\n{indent}  Out: {t.OutPackets}\n");
                text.Append(s_c, $"{indent}Bytes:\n{indent}  In: {t.InBytes}\n{indent}  Out: {t.OutBytes}\n");
            }
        }
    }

    private static string OnOff(bool on) => on ? "ON" : "OFF";
}
