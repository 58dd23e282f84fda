using System.Diagnostics;
using Vigil.Lab.Host;
using Vigil.Lab.Topology;

namespace Vigil.Lab.Nodes;

/// <summary>
/// One `vigil run -f CONFIG -p PIDFILE -D [--runtime-dir DIR]` inside a lab machine's namespace. `ip netns exec`
/// execs, so the child's PID is the daemon's; it is stopped by that PID only.
/// </summary>
public sealed class VigilDaemonProcess : IDisposable
{
    private readonly Process _process;

    private VigilDaemonProcess(Process process, DaemonLog log)
    {
        _process = process;
        Log = log;
    }

    public DaemonLog Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the daemon; <paramref name="vigil"/> is the command that runs this same vigil (its path,
    /// or dotnet and vigil.dll). With <paramref name="runtimeDirectory"/> each daemon gets its own
    /// control socket and dumps: both load balancers share the host's /run, where one default
    /// directory would let only the first daemon start.
    /// </summary>
    public static VigilDaemonProcess Start(LabHost host, IReadOnlyList<string> vigil, string config, string pidFile, string? runtimeDirectory, DaemonLog log)
    {
        string[] run = runtimeDirectory is null
            ? [.. vigil, "run", "-f", config, "-p", pidFile, "-D"]
            : [.. vigil, "run", "-f", config, "-p", pidFile, "-D", "--runtime-dir", runtimeDirectory];
        string[] line = host.ExecCommand(run);
        Process process = Process.Start(HostCommand.StartInfo(line[0], line[1..]))
            ?? throw new LabException($"could not start vigil run in {host.Namespace}");
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new VigilDaemonProcess(process, log);
    }

    /// <summary>SIGKILL: the daemon dies as in a crash; its VIP stays on the interface.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        Log.Stopped("Killed");
    }

    /// <summary>SIGTERM (a master sends priority 0 and releases the VIP), SIGKILL if it has not exited within 5 s.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            HostCommand.Run("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(5_000))
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }

        Log.Stopped("Stopped");
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private static void Append(DaemonLog log, string? line)
    {
        if (line is not null)
        {
            log.Add(line);
        }
    }
}
