using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Parses one <c>virtual_ipaddress</c> / <c>virtual_ipaddress_excluded</c> / <c>static_ipaddress</c> line
/// (keepalived.conf(5) "virtual_ipaddress"). keepalived 2.2.7 skips an invalid line with one log message
/// and runs without that VIP; Vigil reports it as an error (fail closed).
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
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } peer && context.Ip(peer, "peer") is not null;
                    result = ok ? result with { Peer = System.Net.IPAddress.Parse(words[i].Text) } : result;
                    if (ok)
                    {
                        NotApplied(word, ("the address is added as a plain local address, without the peer (no point-to-point route to it)", "remove 'peer ADDRESS', or add the peer route with virtual_routes"), context);
                    }

                    break;
                case "preferred_lft":
                    ok = EntryWords.ValueAfter(words, ref i, "address", context) is { } lft && CheckLifetime(lft, context);
                    result = ok ? result with { PreferredLifetime = words[i].Text } : result;
                    if (ok)
                    {
                        NotApplied(word, ("the address is added with the kernel's default lifetimes (forever)", "remove 'preferred_lft …' (0, deprecating the address, is the usual use: then keep keepalived for this node)"), context);
                    }

                    break;
                case "track_group":
                    string? group = StaticTrackGroup.Parse(words, ref i, isStatic, "static_ipaddress", context);
                    ok = group is not null;
                    result = ok ? result with { TrackGroup = group } : result;
                    break;
                case "home": result = result with { Home = true }; NotApplied(word, s_flagNotApplied, context); break;
                case "-nodad": result = result with { NoDad = true }; break;
                case "mngtmpaddr": result = result with { ManageTemporaryAddress = true }; NotApplied(word, s_flagNotApplied, context); break;
                case "noprefixroute": result = result with { NoPrefixRoute = true }; NotApplied(word, s_flagNotApplied, context); break;
                case "autojoin": result = result with { AutoJoin = true }; NotApplied(word, s_flagNotApplied, context); break;
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

        return ok ? result : null;
    }

    private static readonly (string Why, string Fix) s_flagNotApplied =
        ("the address is added without this IFA flag", "remove it, or add the flag yourself with 'ip addr change' in a notify_master script");

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
