using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Notify;

/// <summary>
/// One <c>notify_fifo</c> / <c>vrrp_notify_fifo</c>: created if missing, opened read-write (as keepalived
/// does, so opening never waits for a reader and a reader that goes away never breaks it), written by a
/// task of its own so a full pipe never blocks the loop. Lines queue in order; beyond 4096 unwritten
/// lines new ones are dropped and counted. The optional <c>*_fifo_script</c> is started with the FIFO's
/// path as its last argument and runs until the daemon stops; at the stop its reader gets the last lines
/// (STOP, priority 0) before it is stopped (<see cref="Dispose"/>).
/// </summary>
internal sealed partial class NotifyFifoWriter : IDisposable
{
    private const int Backlog = 4096;
    private static readonly TimeSpan s_flushLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_drainPoll = TimeSpan.FromMilliseconds(10);

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly FileStream _stream;
    private readonly Task _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private Task _script = Task.CompletedTask;
    private long _dropped;
    private volatile bool _closing;

    public NotifyFifoWriter(FifoSpec fifo, ScriptCommand? script, ScriptIdentity identity, ProcessRunner runner, ILogger logger)
    {
        _logger = logger;
        Path = fifo.Path;
        (int uid, int gid) = fifo.Owner is null ? (0, 0) : identity.For(fifo.Owner, fifo.Location);
        try
        {
            NamedPipe.Ensure(fifo.Path, (uint)uid, (uint)gid);
            _stream = NamedPipe.OpenForWriting(fifo.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Vigil.Linux.SyscallException)
        {
            throw new DaemonSetupException($"{fifo.Location}: notify FIFO {fifo.Path}: {e.Message}", e);
        }

        if (script is not null)
        {
            StartScript(script, identity, runner);
        }

        _writer = WriteAsync();
    }

    public string Path { get; }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Write(string line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>
    /// Writes what is queued, lets the FIFO script read it and end, then stops it, all within 2 s: a
    /// reader that empties the pipe and exits at end of file (<c>while read line; do …; done &lt; "$1"</c>)
    /// handles every line, shutdown's STOP lines included; one that does neither is stopped at the limit.
    /// </summary>
    public void Dispose()
    {
        _closing = true;
        long deadline = Environment.TickCount64 + (long)s_flushLimit.TotalMilliseconds;
        _lines.Writer.TryComplete();
        _writer.Wait(s_flushLimit);
        if (!_script.IsCompleted)
        {
            WaitUntilRead(deadline);
        }

        // Our descriptor is the pipe's last writer: closing it gives the reader end of file.
        _stream.Dispose();
        _ = Task.WaitAny([_script], TimeSpan.FromMilliseconds(Math.Max(0, deadline - Environment.TickCount64)));
        _stop.Cancel();
        _stop.Dispose();
    }

    /// <summary>Until the reader has taken every byte from the pipe (or the deadline passes, or the reader ended).</summary>
    private void WaitUntilRead(long deadline)
    {
        try
        {
            while (NamedPipe.Unread(_stream.SafeFileHandle) > 0 && Environment.TickCount64 < deadline && !_script.IsCompleted)
            {
                Thread.Sleep(s_drainPoll);
            }
        }
        catch (Vigil.Linux.SyscallException e)
        {
            Log.DrainFailed(_logger, e, Path);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (string line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await _stream.WriteAsync(Encoding.UTF8.GetBytes(line)).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Log.WriteFailed(_logger, e, Path);
        }
    }

    private void StartScript(ScriptCommand script, ScriptIdentity identity, ProcessRunner runner)
    {
        if (!ScriptCommandLexer.TrySplit(script.Command, out IReadOnlyList<string> argv, out string? error) || argv.Count == 0)
        {
            throw new DaemonSetupException($"{script.Location}: notify FIFO script cannot be split into a command: {error ?? "it is empty"}");
        }

        ScriptRunRequest request = identity.Request(argv, script.User, script.Location, Timeout.InfiniteTimeSpan);
        request = request with { Arguments = [.. request.Arguments, Path] };
        _script = RunScriptAsync(runner, request);
    }

    private async Task RunScriptAsync(ProcessRunner runner, ScriptRunRequest request)
    {
        try
        {
            ScriptRunResult result = await runner.RunAsync(request, _stop.Token).ConfigureAwait(false);
            if (result.LaunchError is { } launch)
            {
                Log.ScriptNotLaunched(_logger, request.Program, Path, launch);
            }
            else if (!_closing)
            {
                Log.ScriptExited(_logger, request.Program, Path, result.ExitCode);
            }
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            Log.ScriptFailed(_logger, e, request.Program, Path);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "notify FIFO {Path}: writing failed; no more lines will be written")]
        public static partial void WriteFailed(ILogger logger, Exception exception, string path);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "notify FIFO script {Program} for {Path} exited with {ExitCode} while the daemon runs")]
        public static partial void ScriptExited(ILogger logger, string program, string path, int exitCode);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "notify FIFO {Path}: cannot tell whether its reader took the last lines; stopping it")]
        public static partial void DrainFailed(ILogger logger, Exception exception, string path);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "notify FIFO script {Program} for {Path} was not run: {Reason}")]
        public static partial void ScriptNotLaunched(ILogger logger, string program, string path, string reason);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "notify FIFO script {Program} for {Path} could not start")]
        public static partial void ScriptFailed(ILogger logger, Exception exception, string program, string path);
    }
}
