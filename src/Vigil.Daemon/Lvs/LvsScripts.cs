using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Notify;
using Vigil.Daemon.Hosting;
using Vigil.Daemon.Notify;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// Runs the LVS notify scripts (notify_up, notify_down, quorum_up, quorum_down) as keepalived 2.2.7's
/// notify_exec does: the command as written, no arguments added, as its user (or script_user) after the
/// same security walk as every other script (<see cref="ScriptIdentity"/>). One at a time, in the order the
/// verdicts produced them, each bounded by the notify script timeout, off the checkers' lock.
/// </summary>
internal sealed partial class LvsScripts : IDisposable
{
    private readonly Channel<LvsNotification> _due = Channel.CreateUnbounded<LvsNotification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ScriptIdentity _identity;
    private readonly ProcessRunner _runner;
    private readonly ILogger _logger;
    private readonly Task _worker;

    public LvsScripts(GlobalDefs global, ILogger logger)
    {
        _identity = new ScriptIdentity(global, new HostInspector());
        _runner = new ProcessRunner(TimeProvider.System);
        _logger = logger;
        _worker = Task.Run(RunAsync);
    }

    /// <summary>
    /// Runs a MISC_CHECK script now (checkers run side by side, unlike notify scripts), through the same security
    /// walk, as its user, killed after <paramref name="timeout"/>; a script that may not run is a launch error.
    /// </summary>
    public async Task<ScriptRunResult> RunCheckAsync(ScriptCommand command, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!NotifyFormat.TryArguments(command, out IReadOnlyList<string> argv, out string? error) || argv.Count == 0)
        {
            return ScriptRunResult.NotLaunched(error ?? "empty command");
        }

        try
        {
            return await _runner.RunAsync(_identity.Request(argv, command.User, command.Location, timeout)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or DaemonSetupException)
        {
            return ScriptRunResult.NotLaunched(e.Message);
        }
    }

    public void Post(IReadOnlyList<LvsNotification> notifications)
    {
        foreach (LvsNotification notification in notifications)
        {
            _due.Writer.TryWrite(notification);
        }
    }

    /// <summary>Lets the queued scripts finish (at most <paramref name="limit"/>): the stop path's omega notifications.</summary>
    public void Drain(TimeSpan limit)
    {
        _due.Writer.TryComplete();
        _worker.Wait(limit);
    }

    public void Dispose() => _due.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (LvsNotification notification in _due.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await RunOneAsync(notification).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(LvsNotification notification)
    {
        ScriptCommand command = notification.Script;
        if (!NotifyFormat.TryArguments(command, out IReadOnlyList<string> argv, out string? error) || argv.Count == 0)
        {
            Log.BadCommand(_logger, command.Location.ToString(), error ?? "empty command");
            return;
        }

        try
        {
            ScriptRunResult result = await _runner.RunAsync(_identity.Request(argv, command.User, command.Location, NotifyDispatcher.ScriptTimeout)).ConfigureAwait(false);
            if (result.LaunchError is { } launch)
            {
                Log.NotRun(_logger, notification.What, command.Command, launch);
            }
            else if (result.Success)
            {
                Log.Ran(_logger, notification.What, command.Command, result.Elapsed.TotalMilliseconds);
            }
            else
            {
                Log.Failed(_logger, notification.What, command.Command, result.ExitCode, result.TimedOut, result.Output);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or DaemonSetupException)
        {
            Log.NotRun(_logger, notification.What, command.Command, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{What}: notify '{Command}' done in {ElapsedMs:F0} ms")]
        public static partial void Ran(ILogger logger, string what, string command, double elapsedMs);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{What}: notify '{Command}' failed: exit {ExitCode}, timed out {TimedOut}; output: {Output}")]
        public static partial void Failed(ILogger logger, string what, string command, int exitCode, bool timedOut, string output);

        [LoggerMessage(Level = LogLevel.Error, Message = "{What}: notify '{Command}' was not run: {Reason}")]
        public static partial void NotRun(ILogger logger, string what, string command, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Location}: notify command cannot be split: {Error}")]
        public static partial void BadCommand(ILogger logger, string location, string error);
    }
}
