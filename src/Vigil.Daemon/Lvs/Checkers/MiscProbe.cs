using System.Globalization;
using Vigil.Config.Model;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// MISC_CHECK's probe (check_misc.c misc_check_child_thread): the script's exit status 0 is up; with misc_dynamic
/// 2–255 is up at weight status - 2 and 1 is down; any other status, a timeout (the script is killed) or a
/// script that may not run is down.
/// </summary>
internal sealed class MiscProbe(MiscCheck check, LvsScripts scripts) : IHealthProbe
{
    public string Name { get; } = $"MISC_CHECK '{check.Script.Command}'";

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        ScriptRunResult result = await scripts.RunCheckAsync(check.Script, check.Timeout).ConfigureAwait(false);
        if (result.LaunchError is { } launch)
        {
            return ProbeResult.Failure($"not run: {launch}");
        }

        if (result.TimedOut)
        {
            return ProbeResult.Failure($"killed after misc_timeout {check.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        return result.ExitCode switch
        {
            0 => ProbeResult.Success("script exited 0"),
            >= 2 and <= 255 when check.Dynamic => new ProbeResult(true, $"script exited {result.ExitCode}: weight {result.ExitCode - 2}", result.ExitCode - 2),
            _ => ProbeResult.Failure($"script exited with status {result.ExitCode}"),
        };
    }
}
