using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Parses one <c>virtual_ipaddress</c> / <c>virtual_ipaddress_excluded</c> / <c>static_ipaddress</c> line
/// (keepalived.conf(5) "virtual_ipaddress"). keepalived 2.2.7 skips an invalid line with one log message
/// and runs without that VIP; Vigil reports it as an error (fail closed), and also the lines whose address the
/// kernel would refuse (autojoin on a unicast address, mngtmpaddr off a /64). Every option is applied as
/// keepalived's netlink_ipaddress applies it (vigil run: VrrpDaemon.AddressOn).
/// </summary>
internal static class AddressEntryParser
{
    private static readonly string[] s_options =
        ["brd", "dev", "scope", "label", "peer", "home", "-nodad", "mngtmpaddr", "noprefixroute", "autojoin", "no_track", "preferred_lft", "use_vmac", "track_group"];

    private static readonly string[] s_scopes = ["global", "site", "link", "host", "nowhere"];

    public static List<AddressEntry> ParseBlock(ConfigNode block, bool isStatic, BindContext context) =>
        EntryWords.ParseBlock(block, context, (entry, c) => Parse(entry, isStatic, c));

    public static AddressEntry? Parse(ConfigNode entry, bool isStatic, BindContext context)
    {
        ConfigToken[] words = EntryWords.Of(entry);
        if (!PrefixParser.TryParse(words[0].Text, out System.Net.IPAddress? address, out int? prefix) || address is null)
        {
            context.Error(words[0].Location, "invalid-address", $"'{words[0].Text}' is not a valid address",
                "write ADDRESS[/PREFIX], e.g. 192.0.2.10/24 or 2001:db8::10/64 (prefix 0–32 for IPv4, 0–128 for IPv6)");
            return null;
        }

        bool v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var result = new AddressEntry(address, prefix ?? (v6 ? 128 : 32), words[0].Location);
        bool ok = true;
        for (int i = 1; i < words.Length && ok; i++)
        {
            ConfigToken word = words[i];
            switch (word.Text)
            {
                case "brd":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } brd && CheckBroadcast(brd, context);
                    result = ok ? result with { Broadcast = words[i].Text } : result;
                    break;
                case "dev":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is not null;
                    result = ok ? result with { Device = words[i].Text } : result;
                    break;
                case "scope":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } scope && CheckScope(scope, context);
                    result = ok ? result with { Scope = words[i].Text } : result;
                    break;
                case "label":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is not null;
                    result = ok ? result with { Label = words[i].Text } : result;
                    break;
                case "peer":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } peer && context.Ip(peer, "peer") is not null && CheckPeerFamily(peer, address, context);
                    result = ok ? result with { Peer = System.Net.IPAddress.Parse(words[i].Text) } : result;
                    break;
                case "preferred_lft":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } lft && CheckLifetime(lft, context);
                    result = ok ? result with { PreferredLifetime = words[i].Text } : result;
                    if (ok && !v6)
                    {
                        context.Warning(word.Location, "ignored-setting", $"'preferred_lft' on the IPv4 address {address} is ignored: keepalived 2.2.7 sends lifetimes only for IPv6 addresses (the address is added with lifetimes forever), and so does vigil run",
                            "remove 'preferred_lft …' from the IPv4 address");
                    }

                    break;
                case "track_group":
                    string? group = StaticTrackGroup.Parse(words, ref i, isStatic, "static_ipaddress", context);
                    ok = group is not null;
                    result = ok ? result with { TrackGroup = group } : result;
                    break;
                case "home": result = result with { Home = true }; break;
                case "-nodad": result = result with { NoDad = true }; break;
                case "mngtmpaddr": result = result with { ManageTemporaryAddress = true }; break;
                case "noprefixroute": result = result with { NoPrefixRoute = true }; break;
                case "autojoin": result = result with { AutoJoin = true }; ok = CheckAutoJoin(word, address, context); break;
                case "no_track": result = result with { NoTrack = true }; break; // TrackingPlan.ImpliedInterfaces
                case "use_vmac":
                    result = result with { UseVmac = true }; // AddressVmacs (Vigil.Core) for virtual addresses
                    if (isStatic)
                    {
                        NotApplied(word, ("keepalived creates no VMAC for a static address either; it goes on the interface as written", "remove 'use_vmac' from the static address"), context);
                    }

                    break;
                default:
                    EntryWords.UnknownOption(word, "address", s_options, context);
                    ok = false;
                    break;
            }
        }

        if (ok && result.Broadcast is { } b && b is not ("+" or "-") && System.Net.IPAddress.Parse(b).AddressFamily != address.AddressFamily)
        {
            context.Error(words[0].Location, "invalid-address", $"broadcast {b} is not the same address family as {address}",
                "use an IPv4 broadcast with an IPv4 address, or 'brd +' to derive it");
            ok = false;
        }

        return ok ? CheckPeer(result, words, context) : null;
    }

    /// <summary>
    /// keepalived 2.2.7's alloc_ipaddress with a peer: the prefix becomes the peer's (always a host prefix, since a
    /// peer may not carry one) and a broadcast is dropped, each with a config error while it runs on; here
    /// "ignored-setting". Then, what the kernel would refuse at the add (keepalived logs it and runs without the
    /// address): mngtmpaddr on an IPv6 address whose prefix is not /64.
    /// </summary>
    private static AddressEntry? CheckPeer(AddressEntry entry, ConfigToken[] words, BindContext context)
    {
        int host = entry.IsIPv6 ? 128 : 32;
        if (entry.Peer is not null && entry.PrefixLength != host)
        {
            context.Warning(words[0].Location, "ignored-setting", $"the prefix /{entry.PrefixLength} of {entry.Address} is ignored because it has a peer: the address is added as /{host} (keepalived 2.2.7 does the same)",
                $"write {entry.Address} without a prefix; 'ip addr add ADDR peer PEER/PREFIX' routes, keepalived cannot");
            entry = entry with { PrefixLength = host };
        }

        if (entry.Peer is not null && entry.Broadcast is not null)
        {
            context.Warning(words[0].Location, "ignored-setting", $"the broadcast of {entry.Address} is ignored because it has a peer (keepalived 2.2.7 does the same)", "remove 'brd …' or 'peer …'");
            entry = entry with { Broadcast = null };
        }

        if (entry.ManageTemporaryAddress && entry.IsIPv6 && entry.PrefixLength != 64)
        {
            context.Error(words.First(w => w.Text == "mngtmpaddr").Location, "invalid-address", $"'mngtmpaddr' on {entry.Address}/{entry.PrefixLength}: the kernel refuses the address unless its prefix is /64 (keepalived 2.2.7 then runs without it)",
                "give the address a /64 prefix, or remove 'mngtmpaddr'");
            return null;
        }

        return entry;
    }

    private static bool CheckPeerFamily(ConfigToken peer, System.Net.IPAddress address, BindContext context)
    {
        if (System.Net.IPAddress.Parse(peer.Text).AddressFamily == address.AddressFamily)
        {
            return true;
        }

        context.Error(peer.Location, "invalid-address", $"peer {peer.Text} is not the same address family as {address}", "give an IPv4 address an IPv4 peer and an IPv6 address an IPv6 one");
        return false;
    }

    /// <summary>IFA_F_MCAUTOJOIN joins the address as a multicast group: the kernel refuses a unicast address (keepalived 2.2.7 then runs without it).</summary>
    private static bool CheckAutoJoin(ConfigToken word, System.Net.IPAddress address, BindContext context)
    {
        bool multicast = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? address.IsIPv6Multicast : address.GetAddressBytes()[0] is >= 224 and <= 239;
        if (!multicast)
        {
            context.Error(word.Location, "invalid-address", $"'autojoin' on {address}: the kernel joins the address as a multicast group and refuses a unicast one (keepalived 2.2.7 then runs without it)",
                "remove 'autojoin' (it is only for multicast addresses)");
        }

        return multicast;
    }

    /// <summary>An option keepalived applies and vigil run does not: a not-applied warning, so check says "NOT AS WRITTEN" and -t exits 5.</summary>
    private static void NotApplied(ConfigToken word, (string Why, string Fix) reason, BindContext context) =>
        context.Warning(word.Location, ConfigBinder.NotAppliedCode, $"'{word.Text}' on this address is read but not applied by vigil run: {reason.Why}", reason.Fix);

    private static bool CheckBroadcast(ConfigToken token, BindContext context) =>
        token.Text is "+" or "-" || context.Ip(token, "brd") is not null;

    private static bool CheckScope(ConfigToken token, BindContext context)
    {
        if (s_scopes.Contains(token.Text) || (token.Text.Length <= 3 && token.Text.All(char.IsAsciiDigit) && int.Parse(token.Text, System.Globalization.CultureInfo.InvariantCulture) <= 255))
        {
            return true;
        }

        context.Error(token.Location, "invalid-value", $"'{token.Text}' is not an address scope",
            "write one of global, site, link, host, nowhere (or a number 0–255)");
        return false;
    }

    private static bool CheckLifetime(ConfigToken token, BindContext context)
    {
        if (token.Text == "forever" || (token.Text.Length is > 0 and <= 10 && token.Text.All(char.IsAsciiDigit) && long.Parse(token.Text, System.Globalization.CultureInfo.InvariantCulture) <= uint.MaxValue))
        {
            return true;
        }

        context.Error(token.Location, "invalid-value", $"'{token.Text}' is not a lifetime", "write seconds (like 0 or 3600) or 'forever'");
        return false;
    }
}
