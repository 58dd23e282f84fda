using System.Text.Json;

namespace Vigil.Linux.Tests.Netns;

/// <summary>A node namespace of a <see cref="NetnsLab"/> and its interface onto the lab's bridge.</summary>
internal sealed record LabNode(string Namespace, string Interface)
{
    /// <summary>`ip -n NS ARGS…`; throws with the output on failure.</summary>
    public string Ip(params string[] arguments) => HostCommand.Must("ip", ["-n", Namespace, .. arguments]);

    /// <summary>Runs a program inside the namespace (`ip netns exec`), for child processes such as daemons and tools.</summary>
    public string Exec(params string[] command) => HostCommand.Must("ip", ["netns", "exec", Namespace, .. command]);

    public HostCommandResult TryExec(params string[] command) => HostCommand.Run("ip", ["netns", "exec", Namespace, .. command]);

    /// <summary>Adds an address with `ip` (setup, not the code under test); IPv6 with nodad.</summary>
    public void AddAddress(string cidr) =>
        Ip(cidr.Contains(':', StringComparison.Ordinal)
            ? ["addr", "add", cidr, "dev", Interface, "nodad"]
            : ["addr", "add", cidr, "dev", Interface]);

    /// <summary>`ip -j addr show dev IF` parsed: every (local, prefixlen, label, nodad) on the interface.</summary>
    public IReadOnlyList<(string Local, int PrefixLength, string? Label, bool NoDad)> ListAddresses()
    {
        using JsonDocument document = JsonDocument.Parse(Ip("-j", "addr", "show", "dev", Interface));
        var result = new List<(string, int, string?, bool)>();
        foreach (JsonElement link in document.RootElement.EnumerateArray())
        {
            foreach (JsonElement info in link.GetProperty("addr_info").EnumerateArray())
            {
                result.Add((
                    info.GetProperty("local").GetString()!,
                    info.GetProperty("prefixlen").GetInt32(),
                    info.TryGetProperty("label", out JsonElement label) ? label.GetString() : null,
                    info.TryGetProperty("nodad", out JsonElement nodad) && nodad.ValueKind == JsonValueKind.True));
            }
        }

        return result;
    }

    /// <summary>The MAC of the node's interface (or of <paramref name="device"/>) as `ip -j link` reports it.</summary>
    public byte[] HardwareAddress(string? device = null)
    {
        using JsonDocument document = JsonDocument.Parse(Ip("-j", "link", "show", "dev", device ?? Interface));
        string text = document.RootElement[0].GetProperty("address").GetString()!;
        return Convert.FromHexString(text.Replace(":", string.Empty, StringComparison.Ordinal));
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a dedicated thread that has entered this namespace with
    /// setns(2). Sockets opened there stay in the namespace, so they may be used from any thread afterwards.
    /// </summary>
    public T InNamespace<T>(Func<T> action) => NetworkNamespace.Run(Namespace, action);
}
