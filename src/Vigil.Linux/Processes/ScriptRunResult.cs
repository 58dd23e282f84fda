namespace Vigil.Linux.Processes;

/// <summary>How a run ended. .NET reports death by signal N as exit code 128 + N, as a shell does.</summary>
/// <param name="TimedOut">We had to stop it (SIGTERM to its process group, SIGKILL 2 s later); counts as a failure (keepalived "timed_out").</param>
/// <param name="Output">The first <see cref="ScriptRunRequest.OutputLimit"/> characters of stdout and stderr.</param>
public sealed record ScriptRunResult(int Pid, int ExitCode, bool TimedOut, string Output, bool OutputTruncated, TimeSpan Elapsed)
{
    /// <summary>
    /// Set when the script itself never ran: this process lacks a capability to run it as its user (it
    /// was then not started, <see cref="Pid"/> 0), or setsid/setpriv failed (their message). Not an exit code of the script.
    /// </summary>
    public string? LaunchError { get; init; }

    public bool Success => ExitCode == 0 && !TimedOut && LaunchError is null;

    public static ScriptRunResult NotLaunched(string reason) => new(0, -1, false, "", false, TimeSpan.Zero) { LaunchError = reason };
}
