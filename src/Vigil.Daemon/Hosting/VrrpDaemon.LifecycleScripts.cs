using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// global_defs <c>startup_script</c> / <c>shutdown_script</c>, as keepalived 2.2.7 runs them (core/main.c): the
/// startup script runs to completion (or its <c>startup_script_timeout</c>) before any instance starts, the
/// shutdown script after every instance has stopped and released its addresses. Through the same runner as
/// every other script (no shell, the script user, capabilities dropped, the group killed on timeout); a failure
/// is logged and the daemon goes on, as keepalived does. `vigil check`/`run` apply script security to both.
/// </summary>
public sealed partial class VrrpDaemon
{
    private async Task RunLifecycleScriptAsync(ScriptCommand? command, TimeSpan timeout, string what)
    {
        if (command is null)
        {
            return;
        }

        if (!ScriptCommandLexer.TrySplit(command.Command, out IReadOnlyList<string> argv, out string? error) || argv.Count == 0)
        {
            Log.LifecycleScriptUnusable(_logger, what, command.Location.ToString(), error ?? "it is empty");
            return;
        }

        try
        {
            (int uid, int gid) = new ScriptIdentity(_config.Global, new HostInspector()).For(command.User, command.Location);
            Log.LifecycleScriptRunning(_logger, what, command.Command, uid, gid, timeout.TotalSeconds);
            ScriptRunResult result = await new ProcessRunner(TimeProvider.System)
                .RunAsync(new ScriptRunRequest(argv[0], [.. argv.Skip(1)], uid, gid, timeout)).ConfigureAwait(false);
            if (result.Success)
            {
                Log.LifecycleScriptDone(_logger, what, result.Elapsed.TotalMilliseconds);
            }
            else
            {
                Log.LifecycleScriptFailed(_logger, what, result.ExitCode, result.TimedOut, result.Output);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or DaemonSetupException)
        {
            Log.LifecycleScriptStartFailed(_logger, e, what, command.Command);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "{What} '{Command}' running as uid {Uid} gid {Gid} (timeout {TimeoutSeconds}s)")]
        public static partial void LifecycleScriptRunning(ILogger logger, string what, string command, int uid, int gid, double timeoutSeconds);

        [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "{What} succeeded in {ElapsedMs:F0} ms")]
        public static partial void LifecycleScriptDone(ILogger logger, string what, double elapsedMs);

        [LoggerMessage(EventId = 152, Level = LogLevel.Warning, Message = "{What} failed: exit {ExitCode}, timed out {TimedOut} (carrying on, as keepalived does); output: {Output}")]
        public static partial void LifecycleScriptFailed(ILogger logger, string what, int exitCode, bool timedOut, string output);

        [LoggerMessage(EventId = 153, Level = LogLevel.Error, Message = "{What} '{Command}' could not start (carrying on)")]
        public static partial void LifecycleScriptStartFailed(ILogger logger, Exception exception, string what, string command);

        [LoggerMessage(EventId = 154, Level = LogLevel.Error, Message = "{Location}: {What} cannot be split into a command: {Error}; not run")]
        public static partial void LifecycleScriptUnusable(ILogger logger, string what, string location, string error);
    }
}
