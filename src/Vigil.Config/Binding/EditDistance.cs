namespace Vigil.Config.Binding;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelt keywords.</summary>
internal static class EditDistance
{
    public static int Between(string a, string b)
    {
        Span<int> previous = a.Length + 1 <= 256 ? stackalloc int[a.Length + 1] : new int[a.Length + 1];
        Span<int> current = a.Length + 1 <= 256 ? stackalloc int[a.Length + 1] : new int[a.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            previous[i] = i;
        }

        for (int j = 1; j <= b.Length; j++)
        {
            current[0] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                int substitution = previous[i - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[i] = Math.Min(Math.Min(previous[i] + 1, current[i - 1] + 1), substitution);
            }

            current.CopyTo(previous);
        }

        return previous[a.Length];
    }

    /// <summary>The closest candidate within a third of the word's length (at least 2 edits), or null.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        if (word.Length > 200)
        {
            return null;
        }

        int limit = Math.Max(2, word.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            if (Math.Abs(candidate.Length - word.Length) > limit)
            {
                continue;
            }

            int distance = Between(word, candidate);
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= limit ? best : null;
    }
}
