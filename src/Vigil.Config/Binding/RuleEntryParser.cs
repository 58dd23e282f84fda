using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Parses one <c>virtual_rules</c> / <c>static_rules</c> line in <c>ip rule</c> syntax
/// (keepalived.conf(5) "Static rules"). keepalived 2.2.7 logs "Invalid rule to address" for a bad
/// prefix and drops the rule; Vigil reports an error.
/// </summary>
internal static class RuleEntryParser
{
    private static readonly string[] s_passThrough =
        ["tos", "dsfield", "realms", "goto", "uidrange", "protocol", "ip_proto", "ipproto", "sport", "dport",
         "suppress_prefixlength", "suppress_ifgroup", "nat"];

    private static readonly string[] s_flags = ["l3mdev", "not"];

    private static readonly string[] s_options =
        [.. new[] { "from", "to", "table", "lookup", "preference", "priority", "order", "iif", "oif", "fwmark", "inet6", "no_track", "track_group" }, .. s_passThrough, .. s_flags];

    public static List<RuleEntry> ParseBlock(ConfigNode block, BindContext context, bool isStatic = false) =>
        EntryWords.ParseBlock(block, context, (e, c) => Parse(e, c, isStatic));

    public static RuleEntry? Parse(ConfigNode entry, BindContext context, bool isStatic = false)
    {
        ConfigToken[] words = EntryWords.Of(entry);
        var result = new RuleEntry(words[0].Location);
        var options = new List<string>();
        bool ok = true;
        for (int i = 0; i < words.Length && ok; i++)
        {
            ConfigToken word = words[i];
            string text = word.Text;
            ConfigToken? value;
            switch (text)
            {
                case "from" or "to":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null && Prefix(text, value, context);
                    result = ok ? (text == "from" ? result with { From = value!.Text } : result with { To = value!.Text }) : result;
                    break;
                case "table" or "lookup":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null;
                    result = ok ? result with { Table = value!.Text } : result;
                    break;
                case "preference" or "priority" or "order":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null
                        && long.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out long pref) && pref <= uint.MaxValue
                        && Set(ref result, result with { Preference = pref });
                    if (!ok && value is not null)
                    {
                        context.Error(value.Location, "invalid-number", $"rule preference '{value.Text}' is not a number 0–4294967295", "write e.g. 'preference 100'");
                    }

                    break;
                case "iif":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null;
                    result = ok ? result with { InputInterface = value!.Text } : result;
                    break;
                case "oif":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null;
                    result = ok ? result with { OutputInterface = value!.Text } : result;
                    break;
                case "fwmark":
                    ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null;
                    result = ok ? result with { Fwmark = value!.Text } : result;
                    break;
                case "inet6":
                    result = result with { Inet6 = true };
                    break;
                case "no_track":
                    result = result with { NoTrack = true };
                    break;
                case "track_group":
                    string? group = StaticTrackGroup.Parse(words, ref i, isStatic, "static_rules", context);
                    ok = group is not null;
                    result = ok ? result with { TrackGroup = group } : result;
                    break;
                default:
                    if (s_passThrough.Contains(text))
                    {
                        ok = (value = EntryWords.ValueAfter(words, ref i, "rule", context)) is not null;
                        if (ok)
                        {
                            options.Add(text);
                            options.Add(value!.Text);
                        }
                    }
                    else if (s_flags.Contains(text))
                    {
                        options.Add(text);
                    }
                    else
                    {
                        EntryWords.UnknownOption(word, "rule", s_options, context);
                        ok = false;
                    }

                    break;
            }
        }

        if (ok && result.Preference is null)
        {
            // keepalived assigns 16384, 16383, … and warns "This is probably not what you want".
            context.Warning(words[0].Location, "missing-preference", "this rule has no preference; its position among the system's rules is then arbitrary",
                "add 'preference N' (e.g. 'preference 100') so the rule's order is explicit");
        }

        if (ok && result.TrackGroup is not null && result.InputInterface is null)
        {
            StaticTrackGroup.NeedsInterface(words[0].Location, "rule", "iif IF", context);
            result = result with { TrackGroup = null };
        }

        return ok ? result with { Options = new ValueArray<string>(options) } : null;
    }

    private static bool Set(ref RuleEntry target, RuleEntry value)
    {
        target = value;
        return true;
    }

    private static bool Prefix(string option, ConfigToken value, BindContext context)
    {
        if (PrefixParser.IsValidDestination(value.Text))
        {
            return true;
        }

        context.Error(value.Location, "invalid-address", $"'{option} {value.Text}' is not a valid prefix",
            "write 'all' or a prefix like 192.0.2.0/24 (all four octets) or 2001:db8::/32");
        return false;
    }
}
