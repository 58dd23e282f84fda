namespace Vigil.Core.Tracking;

/// <summary>One running process as /proc shows it: its comm (from /proc/PID/stat, ≤ 15 characters) and argv (from /proc/PID/cmdline).</summary>
public sealed record ProcessSnapshot(int Pid, string Comm, IReadOnlyList<string> CommandLine);
