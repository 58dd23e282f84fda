using Vigil.Linux.Host;

namespace Vigil.Lab.Topology;

/// <summary>
/// The lab's network: a "switch" namespace holding a bridge, and one namespace per machine joined
/// to it by a veth whose inside end is called eth0 (as in the seed's configs). Every namespace
/// and link carries <see cref="Prefix"/>, so the leftovers of a run that crashed are found and
/// deleted at start; nothing is created in the host's own namespace, and Dispose deletes it all.
/// Addresses come from 192.0.2.0/24 (RFC 5737 documentation range) only.
/// </summary>
public sealed class LabTopology : IDisposable
{
    private readonly List<LabHost> _hosts = [];
    private bool _disposed;

    private LabTopology(string prefix)
    {
        Prefix = prefix;
        SwitchNamespace = prefix + "sw";
        Bridge = prefix + "br";
    }

    /// <summary>"vg…-": the mark on everything this lab creates.</summary>
    public string Prefix { get; }

    public string SwitchNamespace { get; }

    public string Bridge { get; }

    public IReadOnlyList<LabHost> Hosts => _hosts;

    /// <summary>Removes what an earlier run with this prefix left, then creates the switch and its bridge.</summary>
    public static LabTopology Create(string prefix)
    {
        if (!SeedLabOptions.IsValidPrefix(prefix))
        {
            throw new ArgumentException("prefix: \"vg\", 1 to 4 of [a-z0-9], then \"-\" (interface names stay within 15 characters)", nameof(prefix));
        }

        var topology = new LabTopology(prefix);
        RemoveLeftovers(prefix);
        try
        {
            HostCommand.Must("ip", "netns", "add", topology.SwitchNamespace);
            topology.InSwitch("link", "add", topology.Bridge, "type", "bridge", "mcast_snooping", "0", "forward_delay", "0");
            topology.InSwitch("link", "set", topology.Bridge, "up");
            return topology;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    /// <summary>Adds a machine (name ≤ 4 characters) with eth0 = <paramref name="cidr"/> on the bridge, up and forwarding.</summary>
    public LabHost AddHost(string name, string cidr)
    {
        if (name.Length is 0 or > 4)
        {
            throw new ArgumentException("host name: 1 to 4 characters", nameof(name));
        }

        var host = new LabHost(name, Prefix + name, Prefix + name + "s", cidr.Split('/')[0]);
        HostCommand.Must("ip", "netns", "add", host.Namespace);
        _hosts.Add(host);
        InSwitch("link", "add", host.SwitchPort, "type", "veth", "peer", "name", LabHost.Interface, "netns", host.Namespace);
        InSwitch("link", "set", host.SwitchPort, "master", Bridge, "up");
        host.Ip("link", "set", "lo", "up");
        host.Ip("addr", "add", cidr, "dev", LabHost.Interface);
        host.Ip("link", "set", LabHost.Interface, "up");
        WaitUntilForwarding(host);
        return host;
    }

    /// <summary>Cuts a machine off the LAN (its switch port goes down: carrier lost on both ends).</summary>
    public void CutLink(LabHost host) => InSwitch("link", "set", host.SwitchPort, "down");

    /// <summary>Plugs a machine back in and waits until the bridge forwards its frames again.</summary>
    public void RestoreLink(LabHost host)
    {
        InSwitch("link", "set", host.SwitchPort, "up");
        WaitUntilForwarding(host);
    }

    public bool IsLinkUp(LabHost host) =>
        HostCommand.Run("ip", "-n", SwitchNamespace, "link", "show", "dev", host.SwitchPort).StandardOutput.Contains("state UP", StringComparison.Ordinal);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (LabHost host in _hosts)
        {
            StopProcessesIn(host.Namespace);
            HostCommand.Run("ip", "netns", "del", host.Namespace);
        }

        HostCommand.Run("ip", "netns", "del", SwitchNamespace);
        RemoveLeftovers(Prefix);
    }

    /// <summary>Namespaces named with <paramref name="prefix"/> (ours, from this or an earlier run).</summary>
    public static IReadOnlyList<string> ExistingNamespaces(string prefix) =>
        [.. HostCommand.Run("ip", "netns", "list").StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2)[0])
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>Deletes namespaces and host-side links named with <paramref name="prefix"/>: a run that crashed before Dispose.</summary>
    private static void RemoveLeftovers(string prefix)
    {
        foreach (string name in ExistingNamespaces(prefix))
        {
            StopProcessesIn(name);
            HostCommand.Run("ip", "netns", "del", name);
        }

        foreach (string line in HostCommand.Run("ip", "-o", "link", "show").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "12: name@peer: <FLAGS> ..."
            string[] parts = line.Split(':', 3);
            if (parts.Length >= 2 && parts[1].Trim().Split('@')[0] is { } link && link.StartsWith(prefix, StringComparison.Ordinal))
            {
                HostCommand.Run("ip", "link", "del", link);
            }
        }
    }

    /// <summary>
    /// SIGKILL to every process still in one of the lab's namespaces (`ip netns pids`): all of them were
    /// started by the lab or its children (a daemon's check script, an nginx it restarted just before the
    /// daemon stopped, that nginx's workers). Deleting the namespace would not stop them: they would keep
    /// it alive, unnamed. Repeated (bounded) until none is left, as a dying script may have started one more.
    /// </summary>
    private static void StopProcessesIn(string ns)
    {
        for (int round = 0; round < 20; round++)
        {
            int[] pids = [.. HostCommand.Run("ip", "netns", "pids", ns).StandardOutput
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid) ? pid : 0)
                .Where(pid => pid > 0 && pid != Environment.ProcessId)];
            if (pids.Length == 0)
            {
                return;
            }

            foreach (int pid in pids)
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill();
                    process.WaitForExit(2_000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }
    }

    private void InSwitch(params string[] arguments) => HostCommand.Must("ip", ["-n", SwitchNamespace, .. arguments]);

    /// <summary>A new port forwards only after the kernel's linkwatch noticed the carrier (up to a second, more on a busy host).</summary>
    private void WaitUntilForwarding(LabHost host)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            string port = HostCommand.Run("ip", "-n", SwitchNamespace, "-d", "link", "show", "dev", host.SwitchPort).StandardOutput;
            string inside = HostCommand.Run("ip", "-n", host.Namespace, "link", "show", "dev", LabHost.Interface).StandardOutput;
            if (port.Contains("state UP", StringComparison.Ordinal)
                && port.Contains("state forwarding", StringComparison.Ordinal)
                && inside.Contains("state UP", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new LabException($"bridge port {host.SwitchPort} of {host.Namespace} did not start forwarding within 10 s");
    }
}
