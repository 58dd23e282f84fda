namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// fnmatch(3)-style matching of one path segment: '*', '?', "[a-z]", "[!x]" / "[^x]", '\' escapes.
/// As glob(3) does without GLOB_PERIOD, a leading '.' in a name only matches a literal '.'.
/// </summary>
internal static class GlobMatcher
{
    public static bool HasWildcard(string segment)
    {
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            if (c == '\\')
                i++;
            else if (c is '*' or '?' or '[')
                return true;
        }
        return false;
    }

    public static bool IsMatch(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
            return false;

        // Iterative matcher with single-star backtracking: linear in practice, no recursion.
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
                continue;
            }
            if (p < pattern.Length && MatchOne(pattern, ref p, name[n], out int next))
            {
                p = next;
                n++;
                continue;
            }
            if (starP < 0)
                return false;
            p = starP + 1;
            n = ++starN;
        }
        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    /// <summary>Does the pattern element at <paramref name="p"/> match <paramref name="c"/>? <paramref name="next"/> is the element after it.</summary>
    private static bool MatchOne(string pattern, ref int p, char c, out int next)
    {
        char pc = pattern[p];
        if (pc == '?')
        {
            next = p + 1;
            return true;
        }
        if (pc == '\\' && p + 1 < pattern.Length)
        {
            next = p + 2;
            return pattern[p + 1] == c;
        }
        if (pc == '[')
        {
            int i = p + 1;
            bool negate = i < pattern.Length && (pattern[i] == '!' || pattern[i] == '^');
            if (negate)
                i++;
            bool matched = false;
            bool first = true;
            while (i < pattern.Length && (first || pattern[i] != ']'))
            {
                first = false;
                char low = pattern[i];
                char high = low;
                if (i + 2 < pattern.Length && pattern[i + 1] == '-' && pattern[i + 2] != ']')
                {
                    high = pattern[i + 2];
                    i += 2;
                }
                if (c >= low && c <= high)
                    matched = true;
                i++;
            }
            if (i < pattern.Length)
            {
                next = i + 1;
                return matched != negate;
            }
            // No closing ']': the '[' is an ordinary character.
        }
        next = p + 1;
        return pc == c;
    }
}
