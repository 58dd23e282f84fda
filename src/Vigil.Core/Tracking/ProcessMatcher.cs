using Vigil.Config.Model;

namespace Vigil.Core.Tracking;

/// <summary>
/// Whether a process counts for a <c>vrrp_track_process</c> (keepalived core/track_process.c
/// read_procs/check_params). By default the configured name is compared exactly with the comm;
/// with parameters or <c>full_command</c> it is compared with argv[0]. Parameters are compared with
/// argv[1..] as keepalived does it, on the NUL-joined bytes: exact (equal), partial (the process's
/// arguments start with all the configured ones), initial (the same, but the last configured
/// parameter may be a prefix of the process's argument).
/// </summary>
public static class ProcessMatcher
{
    public static bool Matches(TrackProcess tracked, ProcessSnapshot process)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        ArgumentNullException.ThrowIfNull(process);
        bool byCommand = tracked.FullCommand || !tracked.Parameters.IsEmpty;
        string name = byCommand ? (process.CommandLine.Count > 0 ? process.CommandLine[0] : "") : process.Comm;
        if (!string.Equals(name, tracked.Process, StringComparison.Ordinal))
        {
            return false;
        }
        if (tracked.Parameters.IsEmpty)
        {
            return true;
        }

        string configured = Joined(tracked.Parameters, 0);
        string actual = Joined(process.CommandLine, 1);
        return tracked.ParamMatch switch
        {
            ProcessParamMatch.Exact => actual == configured,
            ProcessParamMatch.Partial => actual.StartsWith(configured, StringComparison.Ordinal),
            _ => actual.StartsWith(configured[..^1], StringComparison.Ordinal),
        };
    }

    /// <summary>
    /// keepalived vrrp_tprocess_quorum*: up while quorum ≤ count ≤ quorum_max (no upper bound when unset).
    /// </summary>
    public static bool HasQuorum(TrackProcess tracked, int count)
    {
        ArgumentNullException.ThrowIfNull(tracked);
        return count >= tracked.Quorum && (tracked.QuorumMax is not { } max || count <= max);
    }

    /// <summary>The number of processes in <paramref name="processes"/> that count for <paramref name="tracked"/>.</summary>
    public static int Count(TrackProcess tracked, IEnumerable<ProcessSnapshot> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        int count = 0;
        foreach (ProcessSnapshot process in processes)
        {
            if (Matches(tracked, process))
            {
                count++;
            }
        }
        return count;
    }

    // Each argument followed by NUL, as in /proc/PID/cmdline and keepalived's process_params.
    private static string Joined(IReadOnlyList<string> words, int start)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = start; i < words.Count; i++)
        {
            builder.Append(words[i]).Append('\0');
        }
        return builder.ToString();
    }
}
