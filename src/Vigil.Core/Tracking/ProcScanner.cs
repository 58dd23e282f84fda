namespace Vigil.Core.Tracking;

/// <summary>
/// The start-up /proc scan for vrrp_track_process (keepalived track_process.c read_procs): comm from
/// /proc/PID/stat (between the first '(' and the last ')', zombies skipped) and argv from
/// /proc/PID/cmdline (NUL-separated). Files are read through an injected reader so parsing is tested
/// without /proc (Vigil.Linux.Processes.ProcFiles is the real one); a process that vanished between
/// listing and reading is skipped.
/// </summary>
public static class ProcScanner
{
    public static IReadOnlyList<ProcessSnapshot> Scan(IEnumerable<string> procEntries, Func<string, string?> readFile)
    {
        ArgumentNullException.ThrowIfNull(procEntries);
        ArgumentNullException.ThrowIfNull(readFile);
        var result = new List<ProcessSnapshot>();
        foreach (string entry in procEntries)
        {
            if (!int.TryParse(entry, out int pid))
            {
                continue;
            }
            if (readFile($"/proc/{pid}/stat") is not { } stat || ParseComm(stat) is not { } comm)
            {
                continue;
            }
            string cmdline = readFile($"/proc/{pid}/cmdline") ?? "";
            result.Add(new ProcessSnapshot(pid, comm, ParseCmdline(cmdline), ParseStartTime(stat) ?? 0));
        }
        return result;
    }

    /// <summary>The comm field of /proc/PID/stat, or null for a zombie or an unparsable line.</summary>
    public static string? ParseComm(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        int open = stat.IndexOf('(', StringComparison.Ordinal);
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.Length)
        {
            return null;
        }
        return stat[close + 2] == 'Z' ? null : stat[(open + 1)..close];
    }

    /// <summary>
    /// The starttime field (22nd) of /proc/PID/stat, or null when the line is malformed. Fields are
    /// counted after the last ')', since the comm itself may contain spaces and parentheses.
    /// </summary>
    public static ulong? ParseStartTime(string stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }
        // After ") " come field 3 (state), 4, …: starttime is the 20th of them.
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 20 && ulong.TryParse(fields[19], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong ticks)
            ? ticks
            : null;
    }

    /// <summary>Whether <paramref name="stat"/> (a fresh read of /proc/PID/stat) still describes <paramref name="process"/>: not a zombie, same comm, same start time.</summary>
    public static bool IsSameProcess(ProcessSnapshot process, string? stat)
    {
        ArgumentNullException.ThrowIfNull(process);
        return stat is not null
            && ParseComm(stat) == process.Comm
            && ParseStartTime(stat) == process.StartTime;
    }

    public static IReadOnlyList<string> ParseCmdline(string cmdline)
    {
        ArgumentNullException.ThrowIfNull(cmdline);
        return cmdline.TrimEnd('\0').Split('\0') is [""] ? [] : cmdline.TrimEnd('\0').Split('\0');
    }
}
