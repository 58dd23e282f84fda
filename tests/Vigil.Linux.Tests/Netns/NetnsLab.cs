using System.Text.RegularExpressions;

namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// A throwaway L2 segment for one test: a "switch" namespace holding a bridge, and node
/// namespaces each joined to it by a veth pair. Every name starts with "vg" + the test's short id
/// + "-" so a crashed earlier run's leftovers are found and deleted at start, and nothing outside
/// these namespaces is touched (not even the host's own namespace: the bridge lives in the switch
/// namespace). Dispose deletes everything. Addresses used by tests come from the documentation
/// ranges only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32).
/// </summary>
internal sealed partial class NetnsLab : IDisposable
{
    private readonly List<LabNode> _nodes = [];

    private NetnsLab(string id)
    {
        Prefix = "vg" + id + "-";
        SwitchNamespace = Prefix + "sw";
        Bridge = Prefix + "br";
    }

    /// <summary>"vg" + test id + "-": the mark on everything this lab creates.</summary>
    public string Prefix { get; }

    public string SwitchNamespace { get; }

    public string Bridge { get; }

    /// <summary>Why the lab cannot run here, or null when it can (root and iproute2's `ip`).</summary>
    public static string? UnavailableReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network-namespace tests need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "network-namespace tests need root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN)";
        }

        return HostCommand.Exists("ip") ? null : "network-namespace tests need iproute2's `ip`";
    }

    /// <summary>Skips the calling test with the reason when the lab cannot run here.</summary>
    public static void SkipUnlessAvailable()
    {
        string? reason = UnavailableReason();
        Skip.If(reason is not null, reason);
    }

    /// <summary>Creates the switch for a test whose short id (1–5 of [a-z0-9]) keeps names within 15 characters.</summary>
    public static NetnsLab Create(string id)
    {
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException("lab id: 1 to 5 characters of [a-z0-9]", nameof(id));
        }

        var lab = new NetnsLab(id);
        lab.RemoveLeftovers();
        try
        {
            HostCommand.Must("ip", "netns", "add", lab.SwitchNamespace);
            lab.InSwitch("ip", "link", "add", lab.Bridge, "type", "bridge", "mcast_snooping", "0");
            lab.InSwitch("ip", "link", "set", lab.Bridge, "up");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Adds a node namespace (name ≤ 3 characters) with one veth into the bridge, up, IPv6 DAD off.</summary>
    public LabNode AddNode(string name)
    {
        if (name.Length is 0 or > 3)
        {
            throw new ArgumentException("node name: 1 to 3 characters", nameof(name));
        }

        var node = new LabNode(Prefix + name, Prefix + name + "n");
        string switchEnd = Prefix + name + "s";
        HostCommand.Must("ip", "netns", "add", node.Namespace);
        _nodes.Add(node);
        // DAD off before the interface arrives, so IPv6 addresses are usable at once.
        node.Exec("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
        node.Exec("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
        InSwitch("ip", "link", "add", switchEnd, "type", "veth", "peer", "name", node.Interface, "netns", node.Namespace);
        InSwitch("ip", "link", "set", switchEnd, "master", Bridge, "up");
        node.Ip("link", "set", "lo", "up");
        node.Ip("link", "set", node.Interface, "up");
        WaitUntilForwarding(node, switchEnd);
        return node;
    }

    /// <summary>
    /// Carrier changes reach the bridge through the kernel's linkwatch work, which may run up to a
    /// second later (more on a loaded host); until then the port drops frames. Tests that send once
    /// must not start before both ends are up and the bridge port forwards.
    /// </summary>
    private void WaitUntilForwarding(LabNode node, string switchEnd)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            string port = HostCommand.Run("ip", "-n", SwitchNamespace, "-d", "link", "show", "dev", switchEnd).StandardOutput;
            string inside = HostCommand.Run("ip", "-n", node.Namespace, "link", "show", "dev", node.Interface).StandardOutput;
            if (port.Contains("state UP", StringComparison.Ordinal)
                && port.Contains("state forwarding", StringComparison.Ordinal)
                && inside.Contains("state UP", StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(50);
        }

        throw new TimeoutException($"bridge port {switchEnd} of {node.Namespace} did not start forwarding within 10 s");
    }

    public void Dispose()
    {
        foreach (LabNode node in _nodes)
        {
            HostCommand.Run("ip", "netns", "del", node.Namespace);
        }

        HostCommand.Run("ip", "netns", "del", SwitchNamespace);
        RemoveLeftovers();
    }

    private void InSwitch(params string[] command) => HostCommand.Must("ip", ["netns", "exec", SwitchNamespace, .. command]);

    /// <summary>Deletes namespaces and host links carrying this lab's prefix (from a run that crashed before Dispose).</summary>
    private void RemoveLeftovers()
    {
        foreach (string line in HostCommand.Run("ip", "netns", "list").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string name = line.Split(' ', 2)[0];
            if (name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                HostCommand.Run("ip", "netns", "del", name);
            }
        }

        foreach (string line in HostCommand.Run("ip", "-o", "link", "show").StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "12: name@peer: <FLAGS> ..."
            string[] parts = line.Split(':', 3);
            if (parts.Length >= 2)
            {
                string name = parts[1].Trim().Split('@')[0];
                if (name.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    HostCommand.Run("ip", "link", "del", name);
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]{1,5}$")]
    private static partial Regex IdPattern();
}
