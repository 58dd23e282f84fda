using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Parses one <c>virtual_routes</c> / <c>static_routes</c> line in <c>ip route</c> syntax
/// (keepalived.conf(5) "Static routes"). The destination is the first word that is not an option.
/// </summary>
internal static class RouteEntryParser
{
    private static readonly string[] s_types = ["blackhole", "unreachable", "prohibit", "throw"];

    /// <summary>ip route options with one value that Vigil passes through unchanged.</summary>
    private static readonly string[] s_passThrough =
        ["protocol", "tos", "dsfield", "mtu", "hoplimit", "advmss", "rtt", "rttvar", "reordering", "window", "cwnd", "ssthresh",
         "realms", "rto_min", "initcwnd", "initrwnd", "features", "pref", "quickack", "congctl", "vrf", "fastopen_no_cookie", "ttl-propagate"];

    private static readonly string[] s_flags = ["onlink", "append", "inet6"];

    private static readonly string[] s_options =
        [.. new[] { "src", "to", "via", "gw", "or", "dev", "scope", "table", "metric", "priority", "preference", "no_track", "nexthop", "track_group" }, .. s_types, .. s_passThrough, .. s_flags];

    public static List<RouteEntry> ParseBlock(ConfigNode block, BindContext context, bool isStatic = false) =>
        EntryWords.ParseBlock(block, context, (e, c) => Parse(e, c, isStatic));

    public static RouteEntry? Parse(ConfigNode entry, BindContext context, bool isStatic = false)
    {
        ConfigToken[] words = EntryWords.Of(entry);
        var result = new RouteEntry("", words[0].Location);
        string? destination = null;
        var options = new List<string>();
        bool ok = true;
        for (int i = 0; i < words.Length && ok; i++)
        {
            ConfigToken word = words[i];
            string text = word.Text;
            if (s_types.Contains(text))
            {
                result = result with { Type = text };
                continue;
            }

            switch (text)
            {
                case "src":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } src && context.Ip(src, "src") is { } s && Set(ref result, result with { Source = s });
                    break;
                case "via" or "gw":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } via && context.Ip(via, text) is { } v && Set(ref result, result with { Via = v });
                    break;
                case "or":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } alt && context.Ip(alt, "or") is { } a && Set(ref result, result with { Or = a });
                    break;
                case "dev":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } dev && Set(ref result, result with { Device = dev.Text });
                    break;
                case "scope":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } scope && Set(ref result, result with { Scope = scope.Text });
                    break;
                case "table":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } table && Set(ref result, result with { Table = table.Text });
                    break;
                case "metric" or "priority" or "preference":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } metric && Metric(metric, context) is { } m && Set(ref result, result with { Metric = m });
                    break;
                case "no_track":
                    result = result with { NoTrack = true };
                    break;
                case "track_group":
                    ok = StaticTrackGroup.Parse(words, ref i, isStatic, "static_routes", context) is { } group && Set(ref result, result with { TrackGroup = group });
                    break;
                case "to":
                    ok = EntryWords.ValueAfter(words, ref i, "route", context) is { } to && Destination(to, ref destination, context);
                    break;
                case "nexthop":
                    // Multipath: keep the rest of the line as written for the netlink layer.
                    options.AddRange(words[i..].Select(w => w.Text));
                    i = words.Length;
                    break;
                default:
                    if (s_passThrough.Contains(text))
                    {
                        if (EntryWords.ValueAfter(words, ref i, "route", context) is not { } value)
                        {
                            ok = false;
                            break;
                        }

                        options.Add(text);
                        options.Add(value.Text);
                        if (value.Text == "lock" && i + 1 < words.Length)
                        {
                            options.Add(words[++i].Text);
                        }
                    }
                    else if (s_flags.Contains(text))
                    {
                        options.Add(text);
                    }
                    else if (destination is null && (char.IsAsciiDigit(text.FirstOrDefault()) || text.Contains(':', StringComparison.Ordinal) || text == "default"))
                    {
                        ok = Destination(word, ref destination, context);
                    }
                    else
                    {
                        EntryWords.UnknownOption(word, "route", s_options, context);
                        ok = false;
                    }

                    break;
            }
        }

        if (ok && destination is null)
        {
            context.Error(words[0].Location, "missing-argument", "this route has no destination",
                "write the destination prefix, e.g. '198.51.100.0/24 via 192.0.2.254 dev eth0'");
            ok = false;
        }

        if (ok && result.TrackGroup is not null && result.Device is null)
        {
            StaticTrackGroup.NeedsInterface(words[0].Location, "route", "dev IF", context);
            result = result with { TrackGroup = null };
        }

        return ok ? result with { Destination = destination!, Options = new ValueArray<string>(options) } : null;
    }

    private static bool Set(ref RouteEntry target, RouteEntry value)
    {
        target = value;
        return true;
    }

    private static bool Destination(ConfigToken word, ref string? destination, BindContext context)
    {
        if (destination is not null)
        {
            context.Error(word.Location, "extra-argument", $"this route already has destination '{destination}'; '{word.Text}' is extra",
                "write one route per line");
            return false;
        }

        if (!PrefixParser.IsValidDestination(word.Text))
        {
            context.Error(word.Location, "invalid-address", $"'{word.Text}' is not a valid route destination",
                "write a prefix like 198.51.100.0/24 or 2001:db8:1::/48, or 'default'");
            return false;
        }

        destination = word.Text;
        return true;
    }

    private static long? Metric(ConfigToken token, BindContext context)
    {
        if (long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value <= uint.MaxValue)
        {
            return value;
        }

        context.Error(token.Location, "invalid-number", $"route metric '{token.Text}' is not a number 0–4294967295", "write e.g. 'metric 100'");
        return null;
    }
}
