using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// One <c>vrrp_script</c>: runs it every <c>interval</c> (the first run at once, as keepalived does),
/// never two runs at a time (a run still alive at the next tick makes that tick skip, logged), folds
/// each result into rise/fall (<see cref="ScriptResultPolicy"/>) and posts a tracker event to the
/// loop when the script's health changes. Runs happen on the thread pool; the loop never waits.
/// </summary>
internal sealed partial class ScriptTracker : IDisposable
{
    private readonly VrrpScript _script;
    private readonly ScriptRunRequest _request;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SerialScriptRunner _runner;
    private readonly ScriptResultPolicy _policy;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private string? _launchError;

    public ScriptTracker(VrrpScript script, ScriptRunRequest request, ChannelWriter<DaemonEvent> events, TimeProvider time, ILogger logger)
    {
        _script = script;
        _request = request;
        _events = events;
        _time = time;
        _logger = logger;
        _runner = new SerialScriptRunner(new ProcessRunner(time));
        _policy = new ScriptResultPolicy(script.Rise, script.Fall, script.InitFail);
        Key = TrackerKey.Script(script.Name);
    }

    public TrackerKey Key { get; }

    /// <summary>Runs started, runs skipped because the previous one was still alive, and the last run's result.</summary>
    public long Runs { get; private set; }

    public long SkippedRuns => _runner.SkippedRuns;

    public ScriptRunResult? LastResult { get; private set; }

    /// <summary>A run is in progress (keepalived's script state "running" rather than "idle").</summary>
    public bool IsRunning => _runner.IsRunning;

    public void Start() => _ = TickAsync(_stop.Token);

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_script.Interval, _time);
        try
        {
            do
            {
                if (_runner.TryStart(_request, out Task<ScriptRunResult> run))
                {
                    Runs++;
                    _ = CompleteAsync(run);
                }
                else
                {
                    Log.Skipped(_logger, _script.Name, _script.Interval.TotalSeconds);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CompleteAsync(Task<ScriptRunResult> run)
    {
        bool success;
        try
        {
            ScriptRunResult result = await run.ConfigureAwait(false);
            LastResult = result;
            success = result.Success;
            if (result.TimedOut)
            {
                Log.TimedOut(_logger, _script.Name, _script.Timeout.TotalSeconds);
            }

            ReportLaunch(result.LaunchError);
            if (result.LaunchError is null)
            {
                Log.Ran(_logger, _script.Name, result.ExitCode, result.Elapsed.TotalMilliseconds, result.Output);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // setsid/setpriv missing or the fork failed: the check failed as far as anyone can tell.
            Log.StartFailed(_logger, e, _script.Name);
            success = false;
        }

        TrackerHealth health;
        bool changed;
        lock (_lock)
        {
            changed = _policy.Record(success);
            health = _policy.Health;
        }

        if (changed && !_stop.IsCancellationRequested)
        {
            Log.HealthChanged(_logger, _script.Name, health);
            _events.TryWrite(DaemonEvent.TrackerRead(Key, health == TrackerHealth.Up ? TrackerReading.Up : TrackerReading.Down));
        }
    }

    /// <summary>A run that could not be launched is an error, logged when it starts and when it clears, not on every interval.</summary>
    private void ReportLaunch(string? error)
    {
        string? previous = Interlocked.Exchange(ref _launchError, error);
        if (error is not null && error != previous)
        {
            Log.NotLaunched(_logger, _script.Name, error);
        }
        else if (error is null && previous is not null)
        {
            Log.LaunchRecovered(_logger, _script.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3105, Level = LogLevel.Error, Message = "vrrp_script {Script}: was not run: {Reason}; counts as a failure until it can run")]
        public static partial void NotLaunched(ILogger logger, string script, string reason);

        [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "vrrp_script {Script}: runs again")]
        public static partial void LaunchRecovered(ILogger logger, string script);

        [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "vrrp_script {Script}: now {Health}")]
        public static partial void HealthChanged(ILogger logger, string script, TrackerHealth health);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "vrrp_script {Script}: still running after its interval of {IntervalSeconds}s; skipping this run")]
        public static partial void Skipped(ILogger logger, string script, double intervalSeconds);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "vrrp_script {Script}: timed out after {TimeoutSeconds}s (SIGTERM to its process group, SIGKILL 2 s later); counts as a failure")]
        public static partial void TimedOut(ILogger logger, string script, double timeoutSeconds);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "vrrp_script {Script}: exit {ExitCode} after {ElapsedMs:F0} ms; output: {Output}")]
        public static partial void Ran(ILogger logger, string script, int exitCode, double elapsedMs, string output);

        [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "vrrp_script {Script}: could not start; counts as a failure")]
        public static partial void StartFailed(ILogger logger, Exception exception, string script);
    }
}
