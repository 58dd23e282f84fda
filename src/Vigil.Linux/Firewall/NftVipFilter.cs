using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Host;

namespace Vigil.Linux.Firewall;

/// <summary>
/// no_accept (also implied by vrrp_strict) as keepalived 2.2.7 enforces it with nftables: a table of Vigil's own
/// (inet vigil-vrrp; keepalived's is "keepalived") whose input hook drops packets to the filtered VIPs and whose
/// output hook drops packets from them, both at priority -1, IPv6 neighbour solicitations and advertisements excepted
/// so that the VIPs stay resolvable. The addresses are in the sets from start to stop: a VIP is local only while its
/// instance is MASTER, so the rules act exactly while keepalived's would (it adds the elements on becoming MASTER and
/// removes them on leaving it), without an nft run on the takeover path. Each script is one nft transaction that
/// also replaces a table left by an earlier run.
/// </summary>
public static class NftVipFilter
{
    public const string Table = "vigil-vrrp";
    public const string Program = "nft";

    /// <summary>The nft script that installs the table with exactly <paramref name="addresses"/>, replacing any earlier one.</summary>
    public static string InstallScript(IEnumerable<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var text = new StringBuilder(RemoveScript);
        string t = $"inet {Table}";
        text.Append(CultureInfo.InvariantCulture, $$"""
            add table {{t}}
            add set {{t}} vips4 { type ipv4_addr; }
            add set {{t}} vips6 { type ipv6_addr; }
            add chain {{t}} in { type filter hook input priority -1; policy accept; }
            add chain {{t}} out { type filter hook output priority -1; policy accept; }
            add rule {{t}} in icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
            add rule {{t}} in ip daddr @vips4 drop
            add rule {{t}} in ip6 daddr @vips6 drop
            add rule {{t}} out icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept
            add rule {{t}} out ip saddr @vips4 drop
            add rule {{t}} out ip6 saddr @vips6 drop

            """);
        Elements(text, t, "vips4", addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork));
        Elements(text, t, "vips6", addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6));
        return text.ToString();
    }

    /// <summary>Deletes the table; "add" first so that deleting one that is not there is no error (nft 1.0.6 has no "destroy").</summary>
    public static string RemoveScript => $"add table inet {Table}\ndelete table inet {Table}\n";

    /// <summary>Runs one script through the nft program; throws <see cref="HostCommandException"/> (or Win32Exception when nft is missing).</summary>
    public static void Run(string script)
    {
        HostCommand.Must(Program, script);
    }

    private static void Elements(StringBuilder text, string table, string set, IEnumerable<IPAddress> addresses)
    {
        string[] list = [.. addresses.Distinct().Select(a => a.ToString())];
        if (list.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"add element {table} {set} {{ {string.Join(", ", list)} }}\n");
        }
    }
}
