using System.Text.Json;
using Vigil.Linux;
using Vigil.Linux.Host;

namespace Vigil.Lab.Topology;

/// <summary>
/// One machine of the lab: a network namespace whose only link, <c>eth0</c>, is a veth into the
/// lab's bridge (the other end, <see cref="SwitchPort"/>, lives in the switch namespace).
/// </summary>
public sealed record LabHost(string Name, string Namespace, string SwitchPort, string Address)
{
    public const string Interface = "eth0";

    /// <summary>`ip -n NS ARGS…`; throws with the output on failure.</summary>
    public string Ip(params string[] arguments) => HostCommand.Must("ip", ["-n", Namespace, .. arguments]);

    /// <summary>The command line that runs <paramref name="command"/> inside this namespace (`ip netns exec` execs, so the PID is the program's).</summary>
    public string[] ExecCommand(params string[] command) => ["ip", "netns", "exec", Namespace, .. command];

    /// <summary>Runs a program inside the namespace to completion.</summary>
    public HostCommandResult Exec(params string[] command)
    {
        string[] line = ExecCommand(command);
        return HostCommand.Run(line[0], line[1..]);
    }

    /// <summary>The IPv4 addresses on eth0, as `ip -j addr` lists them.</summary>
    public IReadOnlyList<string> Addresses()
    {
        HostCommandResult result = HostCommand.Run("ip", "-n", Namespace, "-j", "-4", "addr", "show", "dev", Interface);
        if (!result.Succeeded)
        {
            return [];
        }

        using JsonDocument document = JsonDocument.Parse(result.StandardOutput);
        var addresses = new List<string>();
        foreach (JsonElement link in document.RootElement.EnumerateArray())
        {
            foreach (JsonElement info in link.GetProperty("addr_info").EnumerateArray())
            {
                if (info.TryGetProperty("local", out JsonElement local) && local.GetString() is { } text)
                {
                    addresses.Add(text);
                }
            }
        }

        return addresses;
    }

    /// <summary>Runs <paramref name="action"/> on a thread inside this namespace; sockets created there stay in it.</summary>
    public T InNamespace<T>(Func<T> action) => NetworkNamespace.Run(Namespace, action);

    /// <summary>
    /// Starts a long-running background thread inside the namespace (setns is per thread, so a
    /// loop that keeps opening sockets must live on a thread that stays in the namespace).
    /// </summary>
    public Thread StartThread(string purpose, Action body) => NetworkNamespace.StartThread(Namespace, purpose + " in " + Namespace, body);
}
