using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Daemon.Hosting;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Turns <c>virtual_routes</c>/<c>static_routes</c> and <c>virtual_rules</c>/<c>static_rules</c> lines into the
/// rtnetlink requests keepalived 2.2.7 sends for them. A name the host does not know (interface, routing table)
/// refuses the start with the config line, as keepalived refuses the line.
/// </summary>
public static class RoutingEntries
{
    /// <summary>keepalived numbers rules written without a preference 16384, 16383, … per family, in config order.</summary>
    public const uint FirstAutomaticRulePriority = 16384;

    public static RouteRequest Route(RouteEntry entry, Func<string, int> interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(interfaceIndex);
        (IPAddress? destination, int prefix) = Prefix(entry.Destination, entry.Location);
        AddressFamily family = destination?.AddressFamily ?? entry.Via?.AddressFamily ?? entry.Source?.AddressFamily
            ?? (entry.Options.Contains("inet6") ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        int device = 0;
        if (entry.Device is { } name && (device = interfaceIndex(name)) == 0)
        {
            throw new DaemonSetupException($"{entry.Location}: route device '{name}' does not exist on this host (see 'ip -br link')");
        }

        return new RouteRequest(family, destination, prefix)
        {
            Type = entry.Type switch
            {
                "blackhole" => 6,
                "unreachable" => 7,
                "prohibit" => 8,
                "throw" => 9,
                _ => RouteRequest.Unicast,
            },
            Table = Table(entry.Table, entry.Location),
            Scope = RouteScope(entry.Scope, entry.Location),
            Gateway = entry.Via,
            PreferredSource = entry.Source,
            OutputInterface = device,
            Metric = entry.Metric is long metric ? (uint)metric : null,
        };
    }

    /// <summary>The words of a route line Vigil does not apply (other <c>ip route</c> options, <c>or</c>, nexthops), for a warning.</summary>
    public static string? Unapplied(RouteEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var words = entry.Options.Where(o => o != "inet6").ToList();
        if (entry.Or is not null)
        {
            words.Add($"or {entry.Or}");
        }

        return words.Count == 0 ? null : string.Join(' ', words);
    }

    public static string? Unapplied(RuleEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Options.Count == 0 ? null : string.Join(' ', entry.Options);
    }

    /// <param name="automaticPriority">Per family (IPv4, IPv6) the next priority for a rule without one; counts down.</param>
    public static RuleRequest Rule(RuleEntry entry, ref (uint IPv4, uint IPv6) automaticPriority)
    {
        ArgumentNullException.ThrowIfNull(entry);
        (IPAddress? from, int fromPrefix) = entry.From is { } f ? Prefix(f, entry.Location) : (null, 0);
        (IPAddress? to, int toPrefix) = entry.To is { } t ? Prefix(t, entry.Location) : (null, 0);
        AddressFamily family = from?.AddressFamily ?? to?.AddressFamily
            ?? (entry.Inet6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork);
        uint priority;
        if (entry.Preference is long preference)
        {
            priority = (uint)preference;
        }
        else if (family == AddressFamily.InterNetwork)
        {
            priority = automaticPriority.IPv4--;
        }
        else
        {
            priority = automaticPriority.IPv6--;
        }

        (uint? mark, uint? mask) = Fwmark(entry.Fwmark, entry.Location);
        return new RuleRequest(family)
        {
            From = from,
            FromPrefixLength = fromPrefix,
            To = to,
            ToPrefixLength = toPrefix,
            Table = Table(entry.Table, entry.Location),
            Priority = priority,
            Fwmark = mark,
            FwmarkMask = mask,
            InputInterface = entry.InputInterface,
            OutputInterface = entry.OutputInterface,
            Protocol = entry.NoTrack ? null : RouteRequest.KeepalivedProtocol,
        };
    }

    /// <summary>
    /// Every rule of the configuration, numbered as keepalived numbers them: a rule without a preference gets
    /// 16384, 16383, … per family, static_rules first, then each instance's virtual_rules in order.
    /// </summary>
    public static (IReadOnlyList<RuleRequest> Static, IReadOnlyDictionary<string, IReadOnlyList<RuleRequest>> ByInstance) Rules(KeepalivedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        (uint, uint) next = (FirstAutomaticRulePriority, FirstAutomaticRulePriority);
        var statics = new List<RuleRequest>();
        foreach (RuleEntry entry in config.StaticRules)
        {
            statics.Add(Rule(entry, ref next));
        }

        var byInstance = new Dictionary<string, IReadOnlyList<RuleRequest>>(StringComparer.Ordinal);
        foreach (VrrpInstance instance in config.Instances)
        {
            var rules = new List<RuleRequest>();
            foreach (RuleEntry entry in instance.VirtualRules)
            {
                rules.Add(Rule(entry, ref next));
            }

            byInstance[instance.Name] = rules;
        }

        return (statics, byInstance);
    }

    /// <summary>"default"/"all" is everything (no address, length 0); an address without a length is a host.</summary>
    private static (IPAddress? Address, int PrefixLength) Prefix(string text, SourceRef location)
    {
        if (text is "default" or "all")
        {
            return (null, 0);
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out IPAddress? address))
        {
            throw new DaemonSetupException($"{location}: '{text}' is not a prefix");
        }

        int max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        int length = slash < 0 ? max : int.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture);
        return length == 0 ? (null, 0) : (address, length);
    }

    /// <summary>A routing table by number, by the names iproute2 always knows, or by a name in /etc/iproute2/rt_tables.</summary>
    public static uint Table(string? table, SourceRef location) => table switch
    {
        null or "main" => RouteRequest.MainTable,
        "local" => 255,
        "default" => 253,
        _ when uint.TryParse(table, NumberStyles.None, CultureInfo.InvariantCulture, out uint number) => number,
        _ => NamedTable(table) ?? throw new DaemonSetupException(
            $"{location}: routing table '{table}' is neither a number nor named in /etc/iproute2/rt_tables; write its number"),
    };

    private static uint? NamedTable(string name)
    {
        foreach (string file in (string[])["/etc/iproute2/rt_tables", "/usr/share/iproute2/rt_tables"])
        {
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (string line in File.ReadLines(file))
            {
                string[] words = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Length >= 2 && words[1] == name && uint.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint number))
                {
                    return number;
                }
            }
        }

        return null;
    }

    private static AddressScope RouteScope(string? scope, SourceRef location) => scope switch
    {
        null or "global" or "universe" => AddressScope.Global,
        "site" => AddressScope.Site,
        "link" => AddressScope.Link,
        "host" => AddressScope.Host,
        "nowhere" => AddressScope.Nowhere,
        _ when byte.TryParse(scope, NumberStyles.None, CultureInfo.InvariantCulture, out byte number) => (AddressScope)number,
        _ => throw new DaemonSetupException($"{location}: route scope '{scope}' is not global, site, link, host, nowhere or a number 0-255"),
    };

    private static (uint? Mark, uint? Mask) Fwmark(string? text, SourceRef location)
    {
        if (text is null)
        {
            return (null, null);
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        uint? mark = Number(slash < 0 ? text : text[..slash]);
        uint? mask = slash < 0 ? null : Number(text[(slash + 1)..]);
        return mark is null || (slash >= 0 && mask is null)
            ? throw new DaemonSetupException($"{location}: fwmark '{text}' is not a number or number/mask")
            : (mark, mask);
    }

    private static uint? Number(string text) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint hex) ? hex : null
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint value) ? value : null;
}
