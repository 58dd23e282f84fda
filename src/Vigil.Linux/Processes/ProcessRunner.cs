using System.Diagnostics;
using System.Text;

namespace Vigil.Linux.Processes;

/// <summary>
/// Runs a script without a shell, the way keepalived's system_call_script does, but without fork()
/// from managed code: the child is started as
/// <c>setsid setpriv --reuid U --regid G --clear-groups --inh-caps=-all --pdeathsig TERM -- PROGRAM ARGS</c>
/// (the user switch only when the daemon runs as root).
/// setsid (util-linux) makes it the leader of its own session and process group (pgid = pid, so the
/// whole tree can be signalled); setpriv drops to the script user, clears supplementary groups and
/// the inheritable and ambient capability sets (so nothing leaks from a daemon started with
/// AmbientCapabilities), and sets the parent-death signal. .NET opens its descriptors close-on-exec,
/// so only 0–2 reach the script: stdin is empty, stdout and stderr are drained with a bound.
/// On timeout the group gets SIGTERM and, 2 s later, SIGKILL (keepalived vrrp_script_child_thread).
/// </summary>
public sealed class ProcessRunner
{
    public const string SetsidPath = "/usr/bin/setsid";
    public const string SetprivPath = "/usr/bin/setpriv";
    private static readonly TimeSpan s_killDelay = TimeSpan.FromSeconds(2);

    // Only root can change uid/gid or drop supplementary groups (setgroups needs CAP_SETGID); a
    // daemon running as an unprivileged user runs its scripts as itself, as keepalived does.
    private static readonly bool s_canSwitchUser = Host.HostInspector.EffectiveUserId == 0;

    private readonly TimeProvider _time;

    public ProcessRunner(TimeProvider time) => _time = time;

    /// <summary>The argv of the wrapper chain for <paramref name="request"/> (exposed for tests and diagnostics).</summary>
    public static IReadOnlyList<string> WrapperArguments(ScriptRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = new List<string> { SetprivPath };
        if (s_canSwitchUser)
        {
            args.Add($"--reuid={request.Uid}");
            args.Add($"--regid={request.Gid}");
            args.Add("--clear-groups");
        }

        // Lowering the inheritable set needs no privilege and drops the ambient set with it, so a
        // non-root daemon started with AmbientCapabilities hands none of them to its scripts.
        args.AddRange(["--inh-caps=-all", "--pdeathsig=TERM", "--", request.Program]);
        args.AddRange(request.Arguments);
        return args;
    }

    /// <summary>
    /// Starts the run; the task completes when the script (and its drain) has finished. Never waits on
    /// the caller's thread. A failure to start (setsid/setpriv missing) faults the task.
    /// </summary>
    public Task<ScriptRunResult> RunAsync(ScriptRunRequest request, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(SetsidPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (string arg in WrapperArguments(request))
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment.Clear();
        foreach (var (name, value) in ScriptEnvironment.Variables)
        {
            startInfo.Environment[name] = value;
        }

        return CompleteAsync(new Process { StartInfo = startInfo }, request, cancellationToken);
    }

    private async Task<ScriptRunResult> CompleteAsync(Process process, ScriptRunRequest request, CancellationToken cancellationToken)
    {
        using (process)
        {
            long started = _time.GetTimestamp();
            await SpawnThread.StartAsync(process).ConfigureAwait(false);
            process.StandardInput.Close();
            int pid = process.Id;
            var output = new BoundedOutput(request.OutputLimit);
            Task drainOut = DrainAsync(process.StandardOutput, output);
            Task drainErr = DrainAsync(process.StandardError, output);
            bool timedOut = false;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(request.Timeout);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    timedOut = true;
                }
            }
            if (timedOut)
            {
                _ = Interop.Libc.kill(-pid, Interop.Libc.SIGTERM);
                using var grace = new CancellationTokenSource(s_killDelay, _time);
                try
                {
                    await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (timedOut || !process.HasExited)
            {
                // Also catches grandchildren left in the group after the leader died (keepalived does the same).
                _ = Interop.Libc.kill(-pid, Interop.Libc.SIGKILL);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
            return new ScriptRunResult(pid, process.ExitCode, timedOut, output.Text, output.Truncated, _time.GetElapsedTime(started));
        }
    }

    private static async Task DrainAsync(StreamReader reader, BoundedOutput output)
    {
        char[] buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            output.Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Keeps the first N characters of both streams; the rest is counted as truncated and dropped.</summary>
    private sealed class BoundedOutput(int limit)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public bool Truncated { get; private set; }

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return _text.ToString();
                }
            }
        }

        public void Append(ReadOnlySpan<char> chunk)
        {
            lock (_lock)
            {
                int room = limit - _text.Length;
                if (chunk.Length > room)
                {
                    Truncated = true;
                    chunk = chunk[..Math.Max(room, 0)];
                }
                _text.Append(chunk);
            }
        }
    }
}
