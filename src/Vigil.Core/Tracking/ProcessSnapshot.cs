namespace Vigil.Core.Tracking;

/// <summary>
/// One running process as /proc shows it: its comm (from /proc/PID/stat, ≤ 15 characters), argv (from
/// /proc/PID/cmdline) and start time (field 22 of /proc/PID/stat, clock ticks after boot), which together
/// with the PID tells this process from a later one that reuses the number.
/// </summary>
public sealed record ProcessSnapshot(int Pid, string Comm, IReadOnlyList<string> CommandLine, ulong StartTime = 0);
