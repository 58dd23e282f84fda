using System.Diagnostics;
using System.Text;

namespace Vigil.Linux.Processes;

/// <summary>
/// Runs a script without a shell, the way keepalived's system_call_script does, but without fork()
/// from managed code: the child is started as
/// <c>setsid setpriv --reuid U --regid G --clear-groups --inh-caps=-all --pdeathsig TERM -- PROGRAM ARGS</c>
/// (the user switch only when the daemon runs as root and the script's uid:gid differ from its own).
/// setsid (util-linux) makes it the leader of its own session and process group (pgid = pid, so the
/// whole tree can be signalled); setpriv drops to the script user, clears supplementary groups and
/// the inheritable and ambient capability sets (so nothing leaks from a daemon started with
/// AmbientCapabilities), and sets the parent-death signal. .NET opens its descriptors close-on-exec
/// and <c>vigil run</c> marks inherited ones so (<see cref="InheritedDescriptors"/>), so only 0–2 reach
/// the script: stdin is empty, stdout and stderr are drained with a bound in size and in time (once
/// the script has exited, a grandchild that keeps the pipes open does not hold the run).
/// On timeout the group gets SIGTERM and, 2 s later, SIGKILL (keepalived vrrp_script_child_thread).
/// A switch this process lacks the capabilities for is not attempted: the result names what is missing
/// (<see cref="ScriptRunResult.LaunchError"/>), as does a failure of setsid/setpriv themselves.
/// </summary>
public sealed class ProcessRunner
{
    public const string SetsidPath = "/usr/bin/setsid";
    public const string SetprivPath = "/usr/bin/setpriv";
    private static readonly TimeSpan s_killDelay = TimeSpan.FromSeconds(2);

    /// <summary>How long output is still read once the script has exited (what it wrote is already in the pipe).</summary>
    private static readonly TimeSpan s_drainAfterExit = TimeSpan.FromMilliseconds(200);

    private static readonly LaunchIdentity s_self = LaunchIdentity.Current();

    private readonly TimeProvider _time;

    public ProcessRunner(TimeProvider time) => _time = time;

    /// <summary>The argv of the wrapper chain for <paramref name="request"/> (exposed for tests and diagnostics).</summary>
    public static IReadOnlyList<string> WrapperArguments(ScriptRunRequest request) => WrapperArguments(request, s_self);

    /// <summary>
    /// The capabilities this process needs to run a script as <paramref name="uid"/>:<paramref name="gid"/>:
    /// none when it is not root (scripts then run as the daemon's own user, as keepalived does) or the ids are
    /// its own; else CAP_SETGID (setresgid, setgroups), CAP_SETUID for another uid, and CAP_KILL to stop a
    /// timed-out script of another uid.
    /// </summary>
    public static IReadOnlyList<int> CapabilitiesToRunAs(int uid, int gid) => s_self.Needed(uid, gid);

    /// <summary>The capabilities of <see cref="CapabilitiesToRunAs"/> this process does not hold.</summary>
    public static IReadOnlyList<int> MissingCapabilitiesToRunAs(int uid, int gid) => s_self.Missing(uid, gid);

    internal static IReadOnlyList<string> WrapperArguments(ScriptRunRequest request, LaunchIdentity self)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = new List<string> { SetprivPath };
        if (self.Switches(request.Uid, request.Gid))
        {
            args.Add($"--reuid={request.Uid}");
            args.Add($"--regid={request.Gid}");
            args.Add("--clear-groups");
        }
        else if (self.Uid == 0 && Host.Capabilities.Has(self.Capabilities, Host.Capabilities.SetGid))
        {
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
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<int> missing = s_self.Missing(request.Uid, request.Gid);
        if (missing.Count > 0)
        {
            string names = string.Join(" and ", missing.Select(Host.Capabilities.Name));
            return Task.FromResult(ScriptRunResult.NotLaunched(
                $"running it as uid {request.Uid} gid {request.Gid} needs {names}, which this process lacks (systemd: add them to CapabilityBoundingSet= and AmbientCapabilities=)"));
        }

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
            using var drainStop = new CancellationTokenSource();
            Task drainOut = DrainAsync(process.StandardOutput, output, drainStop.Token);
            Task drainErr = DrainAsync(process.StandardError, output, drainStop.Token);
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

            // A grandchild in a session of its own (setsid sleep 20 &) keeps the pipes open after the
            // leader exited: end of file would wait for it. Read what is there, then stop reading.
            using (var drainLimit = new CancellationTokenSource(s_drainAfterExit, _time))
            {
                try
                {
                    await Task.WhenAll(drainOut, drainErr).WaitAsync(drainLimit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    await drainStop.CancelAsync().ConfigureAwait(false);
                }
            }

            string text = output.Text;
            return new ScriptRunResult(pid, process.ExitCode, timedOut, text, output.Truncated, _time.GetElapsedTime(started))
            {
                LaunchError = LauncherError(process.ExitCode, text),
            };
        }
    }

    /// <summary>setsid and setpriv report their own failures (no privilege, cannot execute) on stderr with exit 1, 126 or 127.</summary>
    private static string? LauncherError(int exitCode, string output)
    {
        if (exitCode is not (1 or 126 or 127))
        {
            return null;
        }

        string first = output.Split('\n', 2)[0].Trim();
        return first.StartsWith("setpriv: ", StringComparison.Ordinal) || first.StartsWith("setsid: ", StringComparison.Ordinal) ? first : null;
    }

    private static async Task DrainAsync(StreamReader reader, BoundedOutput output, CancellationToken cancellationToken)
    {
        char[] buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                output.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
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
