using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>Helpers for list-block entries, whose first word is the node's keyword token.</summary>
internal static class EntryWords
{
    /// <summary>All words of an entry line: the leading word and its arguments.</summary>
    public static ConfigToken[] Of(ConfigNode entry)
    {
        var words = new ConfigToken[entry.Arguments.Count + 1];
        words[0] = entry.Keyword;
        for (int i = 0; i < entry.Arguments.Count; i++)
        {
            words[i + 1] = entry.Arguments[i];
        }

        return words;
    }

    /// <summary>The word after an option (like the IF after "dev"), or an error naming the option.</summary>
    public static ConfigToken? ValueAfter(ConfigToken[] words, ref int index, string entryKind, BindContext context)
    {
        if (index + 1 < words.Length)
        {
            index++;
            return words[index];
        }

        context.Error(words[index].Location, "missing-argument", $"'{words[index].Text}' in this {entryKind} needs a value after it",
            $"write '{words[index].Text} VALUE' or remove '{words[index].Text}'");
        return null;
    }

    public static void UnknownOption(ConfigToken word, string entryKind, IEnumerable<string> options, BindContext context)
    {
        string? suggestion = EditDistance.Closest(word.Text, options);
        context.Error(word.Location, "unknown-option", $"unknown option '{word.Text}' in this {entryKind}",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"valid options: {string.Join(", ", options)}");
    }

    /// <summary>Parses every line of a list block (virtual_ipaddress, virtual_routes, …) with <paramref name="parse"/>, skipping lines it rejected.</summary>
    public static List<T> ParseBlock<T>(ConfigNode block, BindContext context, Func<ConfigNode, BindContext, T?> parse)
        where T : class
    {
        var entries = new List<T>();
        foreach (ConfigNode entry in block.Children ?? [])
        {
            if (IsPlainLine(entry, block.Name, context) && parse(entry, context) is { } parsed)
            {
                entries.Add(parsed);
            }
        }

        return entries;
    }

    /// <summary>Nodes inside a list block must be plain lines; a nested block there is a mistake.</summary>
    public static bool IsPlainLine(ConfigNode entry, string blockName, BindContext context)
    {
        if (entry.HasBlock)
        {
            context.Error(entry.Location, "unexpected-block", $"entries of '{blockName}' cannot open a {{ }} block",
                "check for a missing '}' above this line");
            return false;
        }

        // An empty word ("" or a parameter that expanded to nothing) is never a valid address, name or option.
        ConfigToken? empty = entry.Keyword.Text.Length == 0 ? entry.Keyword : entry.Arguments.FirstOrDefault(a => a.Text.Length == 0);
        if (empty is not null)
        {
            context.Error(empty.Location, "empty-word", $"this entry of '{blockName}' has an empty word (\"\")",
                "remove the empty quotes, or check the parameter that should have filled them");
            return false;
        }

        return true;
    }
}
