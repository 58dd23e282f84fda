using System.Diagnostics;
using Vigil.Lab.Topology;
using Vigil.Linux.Host;

namespace Vigil.Lab.Nodes;

/// <summary>
/// One `vigil run -f CONFIG -p PIDFILE -D --runtime-dir DIR --control-socket DIR/vigil.sock` inside a lab
/// machine's namespace. `ip netns exec` execs, so the child's PID is the daemon's; it is stopped by that PID only.
/// </summary>
public sealed class VigilDaemonProcess : IDisposable
{
    private readonly Process _process;
    private string? _ended;

    private VigilDaemonProcess(Process process, DaemonLog log)
    {
        _process = process;
        Log = log;
    }

    public DaemonLog Log { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>How the daemon ended ("killed", "stopped", "exited 1"), or null while it runs.</summary>
    public string? Ended => _ended ?? (_process.HasExited ? $"exited {_process.ExitCode}" : null);

    /// <summary>
    /// Starts the daemon; <paramref name="vigil"/> is the command that runs this same vigil (its path,
    /// or dotnet and vigil.dll). Each daemon gets its own runtime directory and control socket: both
    /// load balancers share the host's /run, where the default /run/vigil would let only the first start.
    /// </summary>
    public static VigilDaemonProcess Start(LabHost host, IReadOnlyList<string> vigil, string config, string pidFile, string runtimeDirectory, string controlSocket, DaemonLog log)
    {
        string[] run = [.. vigil, "run", "-f", config, "-p", pidFile, "-D", "--runtime-dir", runtimeDirectory, "--control-socket", controlSocket];
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
            _ended = "killed";
        }
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

            _ended = "stopped";
        }
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
