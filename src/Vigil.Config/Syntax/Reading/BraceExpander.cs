namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// csh-style brace expansion as glibc's glob(GLOB_BRACE) does it before matching: "a{b,c{d,e}}f"
/// gives "abf", "acdf", "acef" in that order; '\' escapes a brace or comma; an unmatched '{' is
/// literal text. keepalived passes include paths through it.
/// </summary>
internal static class BraceExpander
{
    /// <summary>Upper bound on alternatives, so "{a,b}{a,b}..." cannot explode.</summary>
    public const int MaxResults = 4096;

    public static bool HasBrace(string pattern)
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
                i++;
            else if (pattern[i] == '{')
                return true;
        }
        return false;
    }

    public static List<string> Expand(string pattern)
    {
        var results = new List<string>();
        var work = new Stack<string>();
        work.Push(pattern);
        while (work.Count > 0 && results.Count < MaxResults)
        {
            string current = work.Pop();
            if (!TryFindBrace(current, out int open, out int close, out List<int> commas))
            {
                results.Add(current);
                continue;
            }
            string prefix = current[..open];
            string suffix = current[(close + 1)..];
            var alternatives = new List<string>(commas.Count + 1);
            int start = open + 1;
            foreach (int comma in commas)
            {
                alternatives.Add(current[start..comma]);
                start = comma + 1;
            }
            alternatives.Add(current[start..close]);
            // Pushed in reverse so the first alternative is expanded (and listed) first.
            for (int i = alternatives.Count - 1; i >= 0; i--)
                work.Push(prefix + alternatives[i] + suffix);
        }
        return results;
    }

    /// <summary>Finds the first '{' that has a matching '}' and the top-level commas between them.</summary>
    private static bool TryFindBrace(string text, out int open, out int close, out List<int> commas)
    {
        commas = [];
        for (open = 0; open < text.Length; open++)
        {
            if (text[open] == '\\')
            {
                open++;
                continue;
            }
            if (text[open] != '{')
                continue;
            int depth = 0;
            commas.Clear();
            for (close = open + 1; close < text.Length; close++)
            {
                char c = text[close];
                if (c == '\\')
                    close++;
                else if (c == '{')
                    depth++;
                else if (c == '}' && depth > 0)
                    depth--;
                else if (c == '}')
                    return true;
                else if (c == ',' && depth == 0)
                    commas.Add(close);
            }
            // No closing brace for this '{': glibc treats the whole pattern literally.
            break;
        }
        open = close = -1;
        return false;
    }
}
