using System.Diagnostics;
using System.Globalization;
using Vigil.Lab.Seed;
using Vigil.Lab.Topology;
using Vigil.Linux.Host;

namespace Vigil.Lab.Nodes;

/// <summary>
/// Debian's nginx as one lab load balancer's proxy, with its config and PID file in the machine's
/// directory. nginx daemonizes; the lab finds its master through that PID file (checking
/// /proc/PID/cmdline names our config) and its workers as the master's children, and signals only those PIDs.
/// </summary>
public sealed class NginxInstance
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly LabHost _host;
    private readonly string _directory;

    public NginxInstance(LabHost host, string directory)
    {
        _host = host;
        _directory = directory;
    }

    public string ConfigPath => Path.Combine(_directory, SeedFiles.NginxConfig);

    public string PidFile => Path.Combine(_directory, SeedFiles.NginxPidFile);

    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>Writes the working config and starts nginx in the namespace; throws with nginx's message if it refuses.</summary>
    public void Start()
    {
        Repair();
        HostCommandResult result = _host.Exec(Binary, "-c", ConfigPath);
        if (!result.Succeeded)
        {
            throw new LabException($"nginx did not start in {_host.Namespace}: {(result.StandardError + result.StandardOutput).Trim()}");
        }
    }

    /// <summary>SIGKILL to the master and its workers: nginx dies as in a crash (the check script may restart it).</summary>
    public void Kill()
    {
        foreach (int pid in Processes())
        {
            try
            {
                using Process process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    /// <summary>Replaces the config with one nginx refuses to load, so the check script cannot restart it; then kills nginx.</summary>
    public void Break()
    {
        File.WriteAllText(ConfigPath, SeedFiles.BrokenNginxConf(_directory));
        Kill();
    }

    /// <summary>Writes the working config back (the check script starts nginx at its next run).</summary>
    public void Repair() => File.WriteAllText(ConfigPath, SeedFiles.NginxConf(_directory));

    public bool IsRunning => MasterPid() is not null;

    public bool IsBroken => File.Exists(ConfigPath) && File.ReadAllText(ConfigPath).StartsWith("broken_by_vigil_lab", StringComparison.Ordinal);

    /// <summary>The master's PID when the PID file names a live nginx started with our config.</summary>
    public int? MasterPid()
    {
        try
        {
            int pid = int.Parse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture);
            string command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return command.StartsWith("nginx", StringComparison.Ordinal) && command.Contains(ConfigPath, StringComparison.Ordinal) ? pid : null;
        }
        catch (Exception e) when (e is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The master and every process whose parent it is (its workers).</summary>
    private List<int> Processes()
    {
        if (MasterPid() is not { } master)
        {
            return [];
        }

        var result = new List<int> { master };
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && ParentOf(pid) == master)
            {
                result.Add(pid);
            }
        }

        return result;
    }

    /// <summary>The PPID field of /proc/PID/stat (after the parenthesised command name, which may contain spaces).</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
