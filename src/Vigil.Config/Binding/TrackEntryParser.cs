using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Parses the small list blocks: <c>track_script</c>/<c>track_file</c>/<c>track_process</c> references
/// (<c>NAME [weight W [reverse|noreverse]]</c>), <c>track_interface</c>, <c>unicast_peer</c>, and name
/// lists such as a sync group's <c>group { }</c>.
/// </summary>
internal static class TrackEntryParser
{
    public static List<TrackReference> References(ConfigNode block, int weightLimit, BindContext context)
    {
        var result = new List<TrackReference>();
        foreach (ConfigNode entry in block.Children ?? [])
        {
            if (!EntryWords.IsPlainLine(entry, block.Name, context))
            {
                continue;
            }

            ConfigToken[] words = EntryWords.Of(entry);
            if (Weight(words, weightLimit, block.Name, context, out int? weight, out bool reverse))
            {
                result.Add(new TrackReference(words[0].Text, weight, reverse, words[0].Location));
            }
        }

        return result;
    }

    public static List<TrackedInterface> Interfaces(ConfigNode block, BindContext context)
    {
        var result = new List<TrackedInterface>();
        foreach (ConfigNode entry in block.Children ?? [])
        {
            if (!EntryWords.IsPlainLine(entry, block.Name, context))
            {
                continue;
            }

            ConfigToken[] words = EntryWords.Of(entry);
            if (Weight(words, 253, block.Name, context, out int? weight, out bool reverse))
            {
                result.Add(new TrackedInterface(words[0].Text, weight ?? 0, reverse, words[0].Location));
            }
        }

        return result;
    }

    public static List<UnicastPeer> Peers(ConfigNode block, BindContext context)
    {
        var result = new List<UnicastPeer>();
        foreach (ConfigNode entry in block.Children ?? [])
        {
            if (!EntryWords.IsPlainLine(entry, block.Name, context))
            {
                continue;
            }

            ConfigToken[] words = EntryWords.Of(entry);
            if (context.Ip(words[0], "unicast_peer") is not { } address)
            {
                continue;
            }

            int? minTtl = null, maxTtl = null;
            bool ok = true;
            for (int i = 1; i < words.Length && ok; i++)
            {
                string option = words[i].Text;
                if (option is "min_ttl" or "max_ttl")
                {
                    ok = EntryWords.ValueAfter(words, ref i, "unicast peer", context) is { } value && context.IntToken(option, value, 0, 255) is { } ttl
                        && (option == "min_ttl" ? (minTtl = ttl) : (maxTtl = ttl)) is not null;
                }
                else
                {
                    EntryWords.UnknownOption(words[i], "unicast peer", ["min_ttl", "max_ttl"], context);
                    ok = false;
                }
            }

            if (ok && minTtl > maxTtl)
            {
                context.Error(words[0].Location, "invalid-value", $"min_ttl {minTtl} is above max_ttl {maxTtl}: every advert from this peer would be dropped",
                    "make min_ttl ≤ max_ttl (255 for a directly attached peer)");
                ok = false;
            }

            if (ok)
            {
                result.Add(new UnicastPeer(address, minTtl, maxTtl, words[0].Location));
            }
        }

        return result;
    }

    /// <summary>Every word of every line (keepalived reads these blocks as one word list).</summary>
    public static List<(string Name, SourceLocation Location)> Names(ConfigNode block, BindContext context)
    {
        var result = new List<(string, SourceLocation)>();
        foreach (ConfigNode entry in block.Children ?? [])
        {
            if (EntryWords.IsPlainLine(entry, block.Name, context))
            {
                result.AddRange(EntryWords.Of(entry).Select(w => (w.Text, w.Location)));
            }
        }

        return result;
    }

    private static bool Weight(ConfigToken[] words, int limit, string blockName, BindContext context, out int? weight, out bool reverse)
    {
        weight = null;
        reverse = false;
        for (int i = 1; i < words.Length; i++)
        {
            switch (words[i].Text)
            {
                case "weight":
                    if (EntryWords.ValueAfter(words, ref i, blockName + " entry", context) is not { } value
                        || context.IntToken("weight", value, -limit, limit) is not { } w)
                    {
                        return false;
                    }

                    weight = w;
                    break;
                case "reverse":
                    reverse = true;
                    break;
                case "noreverse" or "no_reverse":
                    reverse = false;
                    break;
                default:
                    EntryWords.UnknownOption(words[i], blockName + " entry", ["weight", "reverse", "noreverse"], context);
                    return false;
            }
        }

        if (reverse && weight is null)
        {
            context.Error(words[0].Location, "invalid-value", $"'reverse' needs a weight in '{blockName}'", $"write '{words[0].Text} weight W reverse'");
            return false;
        }

        return true;
    }
}
