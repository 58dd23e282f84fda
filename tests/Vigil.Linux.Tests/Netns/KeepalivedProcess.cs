using System.Globalization;

namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// The real keepalived (Debian's package) in a lab namespace, VRRP only, in the foreground, logging to
/// the console in detail. keepalived runs as a parent that forks the VRRP child; the child's pid file is
/// what <see cref="KillHard"/> needs, since killing only the parent would let the child exit cleanly
/// (a priority-0 advert: a graceful handover, not a crash).
/// </summary>
internal sealed class KeepalivedProcess : IDisposable
{
    public const string Program = "/usr/sbin/keepalived";

    /// <summary>Words in keepalived's log lines when it rejects an advert (bad checksum, "receive an invalid passwd!",
    /// "advertisement interval mismatch", "bogus VRRP packet received", wrong TTL, VIP list mismatch).</summary>
    private static readonly string[] s_complaints = ["checksum", "passwd", "auth", "interval", "bogus", "invalid", "mismatch", "wrong", "ttl"];

    private readonly VigilProcess _process;
    private readonly string _vrrpPidFile;

    private KeepalivedProcess(VigilProcess process, string vrrpPidFile)
    {
        _process = process;
        _vrrpPidFile = vrrpPidFile;
    }

    public static bool IsInstalled => File.Exists(Program);

    /// <summary>Everything keepalived wrote (stdout and stderr).</summary>
    public string Log => _process.StandardError;

    /// <summary>For failure messages next to Vigil's logs.</summary>
    public VigilProcess Output => _process;

    /// <summary>Starts `keepalived --vrrp -n -l -D` on <paramref name="config"/>; pid files go into <paramref name="directory"/>.</summary>
    public static KeepalivedProcess Start(LabNode node, string config, string directory)
    {
        string vrrpPidFile = Path.Combine(directory, "keepalived_vrrp.pid");
        File.Delete(vrrpPidFile);
        VigilProcess process = VigilProcess.StartProgram(node, Program, "--vrrp", "-n", "-l", "-D", "-G",
            "-f", config, "-p", Path.Combine(directory, "keepalived.pid"), "-r", vrrpPidFile);
        return new KeepalivedProcess(process, vrrpPidFile);
    }

    /// <summary>The log lines in which keepalived rejects or complains about an advert it received.</summary>
    public IReadOnlyList<string> Complaints() =>
        [.. Log.Split('\n').Where(line => s_complaints.Any(word => line.Contains(word, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>
    /// A crash: SIGKILL to the VRRP child and the parent in one kill(2) sweep, child first, so neither
    /// sends a goodbye advert and the parent gets no chance to respawn the child. The VIP stays behind.
    /// </summary>
    public void KillHard()
    {
        int? child = VrrpChildPid();
        string parent = _process.Id.ToString(CultureInfo.InvariantCulture);
        HostCommand.Run("kill", child is { } pid ? ["-KILL", pid.ToString(CultureInfo.InvariantCulture), parent] : ["-KILL", parent]);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    /// <summary>SIGTERM to the parent (it stops its VRRP child: priority 0, VIPs removed); the child is killed if it outlived the parent.</summary>
    public void Stop()
    {
        int? child = VrrpChildPid();
        HostCommand.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        if (child is { } pid && IsKeepalived(pid))
        {
            HostCommand.Run("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        if (_process.WaitForExit(TimeSpan.Zero) is null)
        {
            Stop();
        }

        _process.Dispose();
    }

    /// <summary>The VRRP child's pid from its pid file (written shortly after start-up), or null.</summary>
    private int? VrrpChildPid()
    {
        for (int attempt = 0; attempt < 50 && !File.Exists(_vrrpPidFile); attempt++)
        {
            Thread.Sleep(20);
        }

        return File.Exists(_vrrpPidFile)
            && int.TryParse(File.ReadAllText(_vrrpPidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && IsKeepalived(pid) ? pid : null;
    }

    private static bool IsKeepalived(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains("keepalived", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
