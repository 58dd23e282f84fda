using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Notify;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Notify;

/// <summary>
/// Runs notify scripts and writes notify FIFO lines. FIFO lines are written at once, in the loop's
/// order. Scripts of one instance (or group) run one after another in the order of its transitions
/// (<see cref="NotifyQueue{T}"/>): for each notification the specific script (notify_master …) and
/// then the generic <c>notify</c> with <c>INSTANCE|GROUP NAME STATE PRIORITY</c> appended. Each run is
/// bounded by <see cref="ScriptTimeout"/>; a slow one delays only its own instance's later
/// notifications, never the protocol.
/// </summary>
internal sealed partial class NotifyDispatcher : INotifier, IDisposable
{
    /// <summary>keepalived does not bound notify scripts; we do, so one stuck script cannot hold back an instance forever.</summary>
    public static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, NotifyScripts> _instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NotifyScripts> _groups = new(StringComparer.Ordinal);
    private readonly List<NotifyFifoWriter> _fifos = [];
    private readonly NotifyQueue<NotifyEvent> _queue = new();
    private readonly Lock _lock = new();
    private readonly ScriptIdentity _identity;
    private readonly ProcessRunner _runner;
    private readonly ILogger _logger;
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public NotifyDispatcher(KeepalivedConfig config, ScriptIdentity identity, ProcessRunner runner, ILogger logger)
    {
        _identity = identity;
        _runner = runner;
        _logger = logger;
        Reconfigure(config);
        try
        {
            AddFifo(config.Global.NotifyFifo, config.Global.NotifyFifoScript);
            AddFifo(config.Global.VrrpNotifyFifo, config.Global.VrrpNotifyFifoScript);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// The notify scripts of every instance and sync group (at start, and by a reload just before it is
    /// applied, on the loop thread like <see cref="Notify"/>, so added instances' first notifications find
    /// theirs). Names the new configuration drops keep their scripts for their STOP notification.
    /// The FIFOs are global_defs' and stay as they are.
    /// </summary>
    public void Reconfigure(KeepalivedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        foreach (VrrpInstance instance in config.Instances)
        {
            _instances[instance.Name] = instance.Notify;
        }

        foreach (VrrpSyncGroup group in config.SyncGroups)
        {
            _groups[group.Name] = group.Notify;
        }
    }

    public void Notify(in NotifyEvent notification)
    {
        NotifyScripts scripts = (notification.Subject == NotifySubject.Instance ? _instances : _groups).GetValueOrDefault(notification.Name) ?? NotifyScripts.None;
        if (notification.State == NotifyState.MasterRxLowerPri && scripts.MasterRxLowerPriority is null)
        {
            return; // heard on every such advert: only worth a line when someone asked for it
        }

        string line = NotifyFormat.FifoLine(notification);
        foreach (NotifyFifoWriter fifo in _fifos)
        {
            fifo.Write(line);
        }

        if (NotifyFormat.SpecificScript(scripts, notification.State) is null && (scripts.Notify is null || !NotifyFormat.RunsGenericScript(notification.State)))
        {
            return;
        }

        string owner = notification.SubjectWord + " " + notification.Name;
        lock (_lock)
        {
            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }

            if (!_queue.Enqueue(owner, notification, out NotifyEvent start))
            {
                return;
            }

            _ = RunAsync(owner, start, scripts);
        }
    }

    /// <summary>Waits (at most <paramref name="limit"/>) until every queued notify script has finished: the stop path's notify_stop.</summary>
    public Task DrainAsync(TimeSpan limit)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }

        return idle.WaitAsync(limit).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (NotifyFifoWriter fifo in _fifos)
        {
            fifo.Dispose();
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }

    private void AddFifo(FifoSpec? fifo, ScriptCommand? script)
    {
        if (fifo is not null && !_fifos.Any(f => f.Path == fifo.Path))
        {
            _fifos.Add(new NotifyFifoWriter(fifo, script, _identity, _runner, _logger));
        }
    }

    private async Task RunAsync(string owner, NotifyEvent notification, NotifyScripts scripts)
    {
        while (true)
        {
            if (NotifyFormat.SpecificScript(scripts, notification.State) is { } specific)
            {
                await RunOneAsync(specific, notification, generic: false).ConfigureAwait(false);
            }

            if (scripts.Notify is { } generic && NotifyFormat.RunsGenericScript(notification.State))
            {
                await RunOneAsync(generic, notification, generic: true).ConfigureAwait(false);
            }

            lock (_lock)
            {
                if (--_pending == 0)
                {
                    _idle.TrySetResult();
                }

                if (!_queue.Completed(owner, out notification))
                {
                    return;
                }
            }
        }
    }

    private async Task RunOneAsync(ScriptCommand command, NotifyEvent notification, bool generic)
    {
        string? error;
        IReadOnlyList<string> argv;
        bool split = generic
            ? NotifyFormat.TryGenericArguments(command, notification, out argv, out error)
            : NotifyFormat.TryArguments(command, out argv, out error);
        if (!split || argv.Count == 0)
        {
            Log.BadCommand(_logger, command.Location.ToString(), error ?? "empty command");
            return;
        }

        try
        {
            ScriptRunRequest request = _identity.Request(argv, command.User, command.Location, ScriptTimeout);
            ScriptRunResult result = await _runner.RunAsync(request).ConfigureAwait(false);
            if (result.LaunchError is { } launch)
            {
                Log.NotLaunched(_logger, notification.Name, notification.StateWord, string.Join(' ', argv), launch);
            }
            else if (result.Success)
            {
                Log.Ran(_logger, notification.Name, notification.StateWord, string.Join(' ', argv), result.Elapsed.TotalMilliseconds);
            }
            else
            {
                Log.Failed(_logger, notification.Name, notification.StateWord, string.Join(' ', argv), result.ExitCode, result.TimedOut, result.Output);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or Hosting.DaemonSetupException)
        {
            Log.StartFailed(_logger, e, notification.Name, command.Command);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "{Name} {State}: notify '{Command}' done in {ElapsedMs:F0} ms")]
        public static partial void Ran(ILogger logger, string name, string state, string command, double elapsedMs);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Name} {State}: notify '{Command}' failed: exit {ExitCode}, timed out {TimedOut}; output: {Output}")]
        public static partial void Failed(ILogger logger, string name, string state, string command, int exitCode, bool timedOut, string output);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "{Name}: notify '{Command}' could not start")]
        public static partial void StartFailed(ILogger logger, Exception exception, string name, string command);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "{Name} {State}: notify '{Command}' was not run: {Reason}")]
        public static partial void NotLaunched(ILogger logger, string name, string state, string command, string reason);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "{Location}: notify command cannot be split: {Error}")]
        public static partial void BadCommand(ILogger logger, string location, string error);
    }
}
