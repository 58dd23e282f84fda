using Vigil.Daemon.Control;
using Vigil.Daemon.Status;
using Vigil.Lab.Http;
using Vigil.Lab.Seed;
using Vigil.Lab.Topology;

namespace Vigil.Lab.Nodes;

/// <summary>
/// One of the seed's two load balancers: a lab machine running `vigil run` with the corrected
/// seed config and nginx in front of the app servers (or, where nginx is not installed, a
/// built-in responder answering its own name). Its files live in <see cref="Directory"/>.
/// </summary>
public sealed class LoadBalancerNode : IDisposable
{
    private readonly IReadOnlyList<string> _vigil;
    private VigilDaemonProcess? _daemon;
    private HttpResponder? _responder;

    private static readonly TimeSpan s_statusTimeout = TimeSpan.FromSeconds(1);

    internal LoadBalancerNode(LabHost host, string directory, string configName, IReadOnlyList<string> vigil, bool useNginx)
    {
        Host = host;
        Directory = directory;
        ConfigName = configName;
        _vigil = vigil;
        Nginx = useNginx ? new NginxInstance(host, directory) : null;
    }

    public LabHost Host { get; }

    public string Name => Host.Name;

    public string Directory { get; }

    /// <summary>master.conf or backup.conf.</summary>
    public string ConfigName { get; }

    public string ConfigPath => Path.Combine(Directory, "keepalived.conf");

    public string PidFile => Path.Combine(Directory, "vigil.pid");

    public string NotifyLog => Path.Combine(Directory, SeedFiles.NotifyLog);

    /// <summary>`vigil run --runtime-dir`: the daemon's own control socket and dumps.</summary>
    public string RuntimeDirectory => Path.Combine(Directory, "run");

    /// <summary>`vigil run --control-socket`: where <see cref="QueryStatus()"/> asks, as `vigil status --socket` would.</summary>
    public string ControlSocket => Path.Combine(RuntimeDirectory, "vigil.sock");

    /// <summary>Null when nginx is not installed and the built-in responder stands in.</summary>
    public NginxInstance? Nginx { get; }

    public DaemonLog Log { get; } = new();

    public bool DaemonRunning => _daemon is { HasExited: false };

    /// <summary>"running", or how the daemon ended ("killed", "stopped", "exited 1"), or "not started".</summary>
    public string Daemon => _daemon is null ? "not started" : _daemon.Ended ?? "running";

    /// <summary>
    /// The daemon's one instance (VI_1) as its control socket reports it (state, base and effective
    /// priority, master, last transition reason), through the client `vigil status` uses; null while
    /// the daemon is down or not answering yet.
    /// </summary>
    public InstanceStatus? QueryStatus()
    {
        if (!DaemonRunning)
        {
            return null;
        }

        using var timeout = new CancellationTokenSource(s_statusTimeout);
        try
        {
            ControlResponse response = ControlClient.RequestAsync(ControlSocket, ControlProtocol.Status, timeout.Token).GetAwaiter().GetResult();
            StatusError = response.Ok ? null : response.Error;
            return response.Status?.Instances.FirstOrDefault();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or System.Text.Json.JsonException or OperationCanceledException)
        {
            // Starting (socket not bound yet), stopping, or too busy to answer within the timeout.
            StatusError = e is OperationCanceledException ? $"no answer within {s_statusTimeout.TotalSeconds:F0} s" : ControlClient.DescribeFailure(ControlSocket, e);
            return null;
        }
    }

    /// <summary>Like <see cref="QueryStatus()"/>, but asks again (every 100 ms, up to <paramref name="patience"/>) while the daemon runs and does not answer yet.</summary>
    public InstanceStatus? QueryStatus(TimeSpan patience)
    {
        InstanceStatus? status = null;
        _ = SeedLab.WaitUntil(() => (status = QueryStatus()) is not null || !DaemonRunning, patience);
        return status;
    }

    /// <summary>Why the last <see cref="QueryStatus()"/> got no answer, or null.</summary>
    public string? StatusError { get; private set; }

    /// <summary>Writes the machine's files: the VRRP config, the check and notify scripts (root-owned 0755, as script security requires), nginx.conf.</summary>
    internal void WriteFiles(LabTiming timing, bool nopreempt)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(ConfigPath, SeedFiles.VrrpConfig(ConfigName, Directory, timing, nopreempt));
        foreach (string script in new[] { SeedFiles.CheckScript, SeedFiles.NotifyScript })
        {
            string path = Path.Combine(Directory, script);
            File.WriteAllText(path, SeedFiles.Original(script));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        Nginx?.Repair();
    }

    /// <summary>Writes an LVS director's files: its config (VRRP and the virtual server) and the notify script.</summary>
    internal void WriteLvsFiles(LabTiming timing)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(ConfigPath, LvsDirectorConfig.For(Name, Directory, timing));
        string notify = Path.Combine(Directory, SeedFiles.NotifyScript);
        File.WriteAllText(notify, SeedFiles.Original(SeedFiles.NotifyScript));
        File.SetUnixFileMode(notify, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>Starts the proxy (nginx, or the built-in responder) listening on port 80.</summary>
    internal void StartProxy()
    {
        if (Nginx is not null)
        {
            Nginx.Start();
        }
        else
        {
            _responder ??= HttpResponder.Start(Host, 80, Name + " (built-in responder: nginx is not installed)");
        }
    }

    public void StartDaemon()
    {
        if (!DaemonRunning)
        {
            _daemon?.Dispose();
            _daemon = VigilDaemonProcess.Start(Host, _vigil, ConfigPath, PidFile, RuntimeDirectory, ControlSocket, Log);
        }
    }

    /// <summary>SIGKILL to `vigil run`, as in a crash.</summary>
    public void KillDaemon() => _daemon?.Kill();

    /// <summary>SIGTERM to `vigil run`: priority 0 sent, VIP released.</summary>
    public void StopDaemon() => _daemon?.Stop();

    public void Dispose()
    {
        _daemon?.Dispose();
        Nginx?.Kill();
        _responder?.Dispose();
    }
}
