namespace Vigil.Linux.Processes;

/// <summary>
/// Runs of one script never overlap: while a run is alive the next is skipped, as keepalived does
/// ("Track script X is already running … - skipping run"). One instance per vrrp_script.
/// </summary>
public sealed class SerialScriptRunner(ProcessRunner runner)
{
    private Task<ScriptRunResult>? _current;

    public bool IsRunning => _current is { IsCompleted: false };

    public long SkippedRuns { get; private set; }

    /// <summary>Starts a run, or returns false (and counts a skip) when the previous one is still alive.</summary>
    public bool TryStart(ScriptRunRequest request, out Task<ScriptRunResult> run)
    {
        if (IsRunning)
        {
            SkippedRuns++;
            run = _current!;
            return false;
        }
        run = _current = runner.RunAsync(request);
        return true;
    }
}
