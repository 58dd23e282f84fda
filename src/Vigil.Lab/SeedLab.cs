using System.Diagnostics;
using System.Globalization;
using System.Net;
using Vigil.Daemon.Status;
using Vigil.Lab.Http;
using Vigil.Lab.Nodes;
using Vigil.Lab.Seed;
using Vigil.Lab.Topology;
using Vigil.Linux.Host;

namespace Vigil.Lab;

/// <summary>
/// The seed's system on one machine: two load balancers (lb1 192.0.2.2 with master.conf, lb2
/// 192.0.2.3 with backup.conf) sharing the VIP 192.0.2.1 through `vigil run`, nginx on each in
/// front of two app servers (192.0.2.11 and .12, port 8080, answering their own names), and a
/// client (192.0.2.100). Everything lives in namespaces named with the options' prefix and in
/// /run/PREFIX; Dispose removes it all, and a later Start removes what a crashed run left.
/// </summary>
public sealed class SeedLab : IDisposable
{
    public const string Vip = "192.0.2.1";
    public const int AppPort = 8080;

    private readonly Dictionary<string, HttpResponder> _apps = [];
    private readonly LabTopology _topology;
    private readonly Dictionary<string, LabHost> _appHosts = [];
    private bool _disposed;

    private SeedLab(SeedLabOptions options, LabTopology topology, string directory)
    {
        Options = options;
        _topology = topology;
        Directory = directory;
    }

    public SeedLabOptions Options { get; }

    /// <summary>/run/PREFIX: one subdirectory per load balancer.</summary>
    public string Directory { get; }

    public LoadBalancerNode Lb1 { get; private set; } = null!;

    public LoadBalancerNode Lb2 { get; private set; } = null!;

    public LabHost Client { get; private set; } = null!;

    public IReadOnlyList<LoadBalancerNode> LoadBalancers => [Lb1, Lb2];

    public bool UsesNginx => Lb1.Nginx is not null;

    /// <summary>Why the lab cannot run here (not root, no `ip`), or null.</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "vigil lab needs Linux (network namespaces)";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "vigil lab needs root: it creates network namespaces, a bridge and veths, and runs `vigil run` and nginx in them (try: sudo ./vigil lab)";
        }

        return HostCommand.Find("ip") is null ? "vigil lab needs iproute2's `ip`" : null;
    }

    /// <summary>Builds the network, writes the machines' files, starts app servers, nginx and both daemons; <paramref name="progress"/> hears each step.</summary>
    public static SeedLab Start(SeedLabOptions options, Action<string>? progress = null)
    {
        progress ??= _ => { };
        string directory = DirectoryFor(options.Prefix);
        if (Vigil.Linux.Control.ControlSocket.IsServed(Control.LabProtocol.SocketPath(options.Prefix)))
        {
            throw new LabException($"a lab with prefix {options.Prefix} is already running (it answers on {Control.LabProtocol.SocketPath(options.Prefix)}); stop it with `vigil lab quit{(options.Prefix == SeedLabOptions.InteractivePrefix ? "" : " --prefix " + options.Prefix)}`, or give this one another --prefix");
        }

        if (options.Lvs && !Vigil.Linux.Ipvs.IpvsClient.IsAvailable(out string? reason))
        {
            throw new LabException($"the LVS lab needs IPVS, which this kernel does not offer ({reason}); or see the scenario in a QEMU guest whose kernel has it: tests/lvs-guest/run.sh lab");
        }

        RemoveLeftoverProcesses(directory, progress);
        LabTopology topology = LabTopology.Create(options.Prefix);
        var lab = new SeedLab(options, topology, directory);
        try
        {
            lab.Build(progress);
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>/run/PREFIX without the trailing dash: the lab's files, one subdirectory per load balancer, and its socket.</summary>
    public static string DirectoryFor(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return "/run/" + prefix.TrimEnd('-');
    }

    /// <summary>The load balancers whose eth0 holds the VIP right now.</summary>
    public IReadOnlyList<string> VipHolders() => [.. LoadBalancers.Where(lb => lb.Host.Addresses().Contains(Vip)).Select(lb => lb.Name)];

    /// <summary>Polls until exactly <paramref name="name"/> holds the VIP; false after <paramref name="timeout"/>.</summary>
    public bool WaitForVipOn(string name, TimeSpan timeout) => WaitUntil(() => VipHolders() is [var only] && only == name, timeout);

    public static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return condition();
    }

    public LoadBalancerNode Node(string name) => LoadBalancers.FirstOrDefault(lb => lb.Name == name) ?? throw new ArgumentException($"no load balancer named {name}", nameof(name));

    /// <summary>The holder of the VIP (lb1 when nobody or both hold it).</summary>
    public LoadBalancerNode Master() => VipHolders() is [var only] ? Node(only) : Lb1;

    /// <summary>Starts the client's bounded request loop against http://VIP/ (port 80 of nginx, or the LVS virtual server's port).</summary>
    public RequestLoop StartClient(int requestsPerSecond, TimeSpan maxDuration) =>
        RequestLoop.Start(Client, new IPEndPoint(IPAddress.Parse(Vip), Options.Lvs ? LvsDirectorConfig.Port : 80), requestsPerSecond, maxDuration);

    /// <summary>The app server (real server) stops answering: its listener closes, connections are refused.</summary>
    public void StopApp(string name)
    {
        if (_apps.Remove(name, out HttpResponder? app))
        {
            app.Dispose();
        }
    }

    /// <summary>The app server answers again.</summary>
    public void StartApp(string name)
    {
        if (!_apps.ContainsKey(name))
        {
            _apps[name] = HttpResponder.Start(_appHosts[name], AppPort, name);
        }
    }

    public IReadOnlyList<NodeStatus> Status()
    {
        IReadOnlyList<string> holders = VipHolders();
        return [.. LoadBalancers.Select(lb =>
        {
            InstanceStatus? vrrp = lb.QueryStatus();
            return new NodeStatus(
                lb.Name,
                lb.Daemon,
                vrrp?.State,
                vrrp?.BasePriority,
                vrrp?.EffectivePriority,
                vrrp?.MasterAddress,
                vrrp?.LastTransitionReason,
                holders.Contains(lb.Name),
                lb.Nginx is null ? "built-in" : lb.Nginx.IsBroken ? (lb.Nginx.IsRunning ? "running, config broken" : "down, config broken") : lb.Nginx.IsRunning ? "running" : "down",
                _topology.IsLinkUp(lb.Host),
                lb.Log.LastLine());
        })];
    }

    /// <summary>The machine dies: off the LAN, daemon and nginx killed, its volatile state (the VIP on eth0) gone.</summary>
    public void PowerOff(LoadBalancerNode node)
    {
        _topology.CutLink(node.Host);
        node.KillDaemon();
        node.Nginx?.Kill();
        node.Host.Exec("ip", "addr", "del", Vip + "/24", "dev", LabHost.Interface);
    }

    /// <summary>Kills nginx (SIGKILL); the check script restarts it at its next run.</summary>
    public static void KillNginx(LoadBalancerNode node) => node.Nginx?.Kill();

    /// <summary>Breaks nginx's config and kills it: the check cannot restart it and reports failure.</summary>
    public static void BreakNginx(LoadBalancerNode node) => node.Nginx?.Break();

    public void CutLink(LoadBalancerNode node) => _topology.CutLink(node.Host);

    /// <summary>Everything back: working nginx configs, links up, nginx and daemons running.</summary>
    public void Restore()
    {
        foreach (LoadBalancerNode node in LoadBalancers)
        {
            node.Nginx?.Repair();
            if (!_topology.IsLinkUp(node.Host))
            {
                _topology.RestoreLink(node.Host);
            }

            if (node.Nginx is { IsRunning: false })
            {
                node.Nginx.Start();
            }

            node.StartDaemon();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (LoadBalancerNode node in LoadBalancers.Where(n => n is not null))
        {
            node.Dispose();
        }

        foreach (HttpResponder app in _apps.Values)
        {
            app.Dispose();
        }

        _topology.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }

    private void Build(Action<string> progress)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the lab needs Linux");
        }

        System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        progress($"network: namespaces {Options.Prefix}lb1, lb2, app1, app2, cli on bridge {_topology.Bridge} (in {_topology.SwitchNamespace})");
        LabHost lb1 = _topology.AddHost("lb1", "192.0.2.2/24");
        LabHost lb2 = _topology.AddHost("lb2", "192.0.2.3/24");
        LabHost app1 = _topology.AddHost("app1", "192.0.2.11/24");
        LabHost app2 = _topology.AddHost("app2", "192.0.2.12/24");
        Client = _topology.AddHost("cli", "192.0.2.100/24");

        _appHosts["app1"] = app1;
        _appHosts["app2"] = app2;
        StartApp("app1");
        StartApp("app2");
        if (Options.Lvs)
        {
            BuildLvs(lb1, lb2, progress);
            return;
        }

        bool nginx = Options.UseNginx ?? NginxInstance.IsInstalled;
        Lb1 = new LoadBalancerNode(lb1, Path.Combine(Directory, "lb1"), "master.conf", Options.VigilCommand, nginx);
        Lb2 = new LoadBalancerNode(lb2, Path.Combine(Directory, "lb2"), "backup.conf", Options.VigilCommand, nginx);
        progress(nginx
            ? "load balancers: nginx (" + NginxInstance.Binary + ") with examples/seed/nginx.conf"
            : $"load balancers: {(NginxInstance.IsInstalled ? "nginx not used (--no-nginx)" : "nginx is NOT installed (apt-get install nginx-light)")}; a built-in responder answers instead, and the nginx check fails on both nodes alike");
        foreach (LoadBalancerNode node in LoadBalancers)
        {
            node.WriteFiles(Options.Timing, Options.Nopreempt);
            node.StartProxy();
        }

        progress($"vrrp: vigil run on lb1 (master.conf) and lb2 (backup.conf), {Options.Timing} timing{(Options.Nopreempt ? ", nopreempt" : "")}; files in {Directory}");
        StartDaemons();
    }

    /// <summary>
    /// The LVS variant: the real servers take the VIP on lo and ignore ARP for it (LVS-DR), the directors run VRRP and
    /// the virtual server in one `vigil run` each.
    /// </summary>
    private void BuildLvs(LabHost lb1, LabHost lb2, Action<string> progress)
    {
        foreach (LabHost app in _appHosts.Values)
        {
            app.Ip("addr", "add", Vip + "/32", "dev", "lo");
            HostCommandResult sysctl = app.Exec("sh", "-c",
                "for c in all eth0; do echo 1 > /proc/sys/net/ipv4/conf/$c/arp_ignore && echo 2 > /proc/sys/net/ipv4/conf/$c/arp_announce || exit 1; done");
            if (!sysctl.Succeeded)
            {
                throw new LabException($"{app.Name}: cannot set arp_ignore/arp_announce for LVS-DR: {sysctl.StandardError}");
            }
        }

        Lb1 = new LoadBalancerNode(lb1, Path.Combine(Directory, "lb1"), "lvs", Options.VigilCommand, useNginx: false);
        Lb2 = new LoadBalancerNode(lb2, Path.Combine(Directory, "lb2"), "lvs", Options.VigilCommand, useNginx: false);
        foreach (LoadBalancerNode node in LoadBalancers)
        {
            node.WriteLvsFiles(Options.Timing);
        }

        progress($"lvs: lb1 and lb2 are LVS-DR directors: VRRP for {Vip} and virtual_server {Vip}:{LvsDirectorConfig.Port} (rr, TCP_CHECK every 1 s) over app1 and app2, in one vigil run each; {Options.Timing} timing; files in {Directory}");
        StartDaemons();
    }

    private void StartDaemons()
    {
        // lb1 first, and lb2 once lb1 holds the VIP: with nopreempt on both (initial state BACKUP) the
        // first daemon up becomes master whatever its priority, and the lab should start as the seed's
        // author meant, with lb1 as master (the scenarios' first step checks that it is).
        Lb1.StartDaemon();
        _ = WaitForVipOn(Lb1.Name, TimeSpan.FromSeconds(15));
        Lb2.StartDaemon();
        foreach (LoadBalancerNode node in LoadBalancers)
        {
            if (node.QueryStatus(TimeSpan.FromSeconds(15)) is null)
            {
                throw new LabException($"vigil run on {node.Name} does not answer on {node.ControlSocket} ({node.Daemon}; {node.StatusError}); its log ends:\n{node.Log.Tail(20)}");
            }
        }
    }

    /// <summary>
    /// A run that crashed leaves its daemons and nginx running (their namespaces are deleted by the
    /// topology's own cleanup). Their PID files are in our directory; stop exactly those PIDs, and
    /// only when /proc/PID/cmdline still names a file in that directory (not a recycled PID).
    /// </summary>
    private static void RemoveLeftoverProcesses(string directory, Action<string> progress)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        foreach (string pidFile in System.IO.Directory.EnumerateFiles(directory, "*.pid", SearchOption.AllDirectories))
        {
            try
            {
                int pid = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
                string command = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                if (command.Contains(directory + "/", StringComparison.Ordinal))
                {
                    progress($"stopping PID {pid} left by an earlier lab run ({command.Trim()})");
                    using Process process = Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is IOException or FormatException or OverflowException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
            {
                // No such process any more, or not ours.
            }
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }
}
