namespace Vigil.Linux.Processes;

/// <summary>How a run ended. .NET reports death by signal N as exit code 128 + N, as a shell does.</summary>
/// <param name="TimedOut">We had to stop it (SIGTERM to its process group, SIGKILL 2 s later); counts as a failure (keepalived "timed_out").</param>
/// <param name="Output">The first <see cref="ScriptRunRequest.OutputLimit"/> characters of stdout and stderr.</param>
public sealed record ScriptRunResult(int Pid, int ExitCode, bool TimedOut, string Output, bool OutputTruncated, TimeSpan Elapsed)
{
    public bool Success => ExitCode == 0 && !TimedOut;
}
