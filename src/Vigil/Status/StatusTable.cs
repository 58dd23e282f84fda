using System.Globalization;
using System.Text;
using Vigil.Daemon.Status;

namespace Vigil.Cli.Status;

/// <summary>
/// <c>vigil status</c>'s table: one row per instance with state, base/effective priority, the
/// master's address, VIPs, trackers, time in state and the last transition's reason. The VIPS column shows
/// what the kernel really holds (the daemon reads its addresses for each snapshot): the VIPs present on their
/// interface, and for a MASTER the missing ones marked "!missing" (a VIP deleted behind the daemon's back).
/// </summary>
internal static class StatusTable
{
    private static readonly string[] s_headers = ["INSTANCE", "STATE", "PRIO", "MASTER", "VIPS", "TRACKERS", "IN STATE", "LAST REASON"];
    private static readonly string[] s_lvsHeaders = ["VIRTUAL SERVER", "REAL SERVER", "STATE", "WEIGHT", "CHECKS"];

    public static string Format(DaemonStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var rows = new List<string[]> { s_headers };
        foreach (InstanceStatus instance in status.Instances)
        {
            rows.Add([
                instance.Name,
                instance.State,
                string.Create(CultureInfo.InvariantCulture, $"{instance.BasePriority}/{instance.EffectivePriority}"),
                instance.MasterAddress ?? "-",
                Vips(instance),
                instance.Trackers.Count == 0 ? "-" : string.Join(",", instance.Trackers.Select(Tracker)),
                Duration(instance.TimeInStateSeconds),
                instance.LastTransitionReason ?? "-",
            ]);
        }

        int[] widths = new int[s_headers.Length];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        Append(text, rows, widths);
        if (status.VirtualServers.Count > 0)
        {
            text.Append('\n');
            var lvs = new List<string[]> { s_lvsHeaders };
            foreach (VirtualServerStatus v in status.VirtualServers)
            {
                string service = $"{v.Service} {v.Scheduler} {v.Method}{(v.QuorumUp || v.NotInstalled is not null ? "" : " quorum-lost")}";
                if (v.NotInstalled is { } refusal)
                {
                    lvs.Add([service, "-", "NOT INSTALLED", "-", refusal]);
                    service = ""; // its real servers follow: their checkers run, their verdicts change nothing in the table
                }

                foreach (RealServerStatus r in v.RealServers)
                {
                    lvs.Add([service, r.Address, r.State, r.Weight?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Checkers.Count == 0 ? "-" : string.Join(",", r.Checkers)]);
                    service = "";
                }

                if (v.SorryServerActive is { } sorry)
                {
                    lvs.Add([service, sorry, "SORRY", "1", "-"]);
                }
            }

            int[] lvsWidths = new int[s_lvsHeaders.Length];
            foreach (string[] row in lvs)
            {
                for (int i = 0; i < row.Length; i++)
                {
                    lvsWidths[i] = Math.Max(lvsWidths[i], row[i].Length);
                }
            }

            Append(text, lvs, lvsWidths);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, List<string[]> rows, int[] widths)
    {
        foreach (string[] row in rows)
        {
            for (int i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }
    }

    private static string Vips(InstanceStatus instance)
    {
        var shown = new List<string>();
        foreach (string vip in instance.Config.Vips)
        {
            string address = vip.Split(' ')[0]; // "ADDR[/PREFIX] dev IF scope S …"
            if (instance.KernelVips is null || instance.KernelVips.Contains(vip))
                shown.Add(address);
            else if (instance.State == "MASTER")
                shown.Add(address + "!missing");
        }

        return shown.Count == 0 ? "-" : string.Join(",", shown);
    }

    /// <summary>"script chk_nginx up" / "interface eth1 down(-20)": the name, the result, the weight when it has one.</summary>
    internal static string Tracker(TrackerStatus tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        string weight = tracker.Weight == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"({(tracker.Reverse ? "-" : "")}{tracker.Weight:+0;-0})");
        string value = tracker.Value is long v ? string.Create(CultureInfo.InvariantCulture, $"={v}") : "";
        return $"{tracker.Name} {tracker.Health}{value}{weight}";
    }

    /// <summary>Compact: 12.3s, 4m05s, 2h07m, 3d04h.</summary>
    internal static string Duration(double seconds)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalMinutes < 1 ? string.Create(c, $"{span.TotalSeconds:F1}s")
            : span.TotalHours < 1 ? string.Create(c, $"{span.Minutes}m{span.Seconds:00}s")
            : span.TotalDays < 1 ? string.Create(c, $"{span.Hours}h{span.Minutes:00}m")
            : string.Create(c, $"{(int)span.TotalDays}d{span.Hours:00}h");
    }
}
