namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// The directory walk of glob(3) over an abstract directory listing, shared by the real and the
/// in-memory file systems: wildcard segments are matched against directory entries, literal
/// segments are taken as written and checked at the end (keepalived's "missing files").
/// </summary>
internal static class GlobWalker
{
    /// <param name="listDirectory">Entries of a directory (name, is-directory), or null when it does not exist.</param>
    /// <param name="kindOf">Null when the path does not exist, else whether it is a directory.</param>
    public static ConfigGlobResult Expand(
        string pattern,
        Func<string, IEnumerable<(string Name, bool IsDirectory)>?> listDirectory,
        Func<string, bool?> kindOf)
    {
        bool absolute = pattern.StartsWith('/');
        string[] segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        bool trailingSlash = pattern.EndsWith('/') && pattern.Length > 1;
        var prefixes = new List<string> { absolute ? "/" : "" };
        bool missing = false;

        for (int s = 0; s < segments.Length; s++)
        {
            string segment = segments[s];
            bool last = s == segments.Length - 1;
            var next = new List<string>();
            if (!GlobMatcher.HasWildcard(segment))
            {
                string literal = Unescape(segment);
                foreach (string prefix in prefixes)
                    next.Add(prefix + literal + (last ? "" : "/"));
            }
            else
            {
                foreach (string prefix in prefixes)
                {
                    string directory = prefix.Length == 0 ? "." : prefix;
                    var entries = listDirectory(directory);
                    if (entries is null)
                    {
                        missing = true;
                        continue;
                    }
                    var names = new List<string>();
                    foreach (var (name, isDirectory) in entries)
                    {
                        if ((last || isDirectory) && GlobMatcher.IsMatch(segment, name))
                            names.Add(name);
                    }
                    names.Sort(StringComparer.Ordinal);
                    foreach (string name in names)
                        next.Add(prefix + name + (last ? "" : "/"));
                }
            }
            prefixes = next;
        }

        var matches = new List<string>();
        foreach (string candidate in prefixes)
        {
            string path = candidate.Length > 1 ? candidate.TrimEnd('/') : candidate;
            bool? isDirectory = kindOf(path.Length == 0 ? "." : path);
            if (isDirectory is null)
            {
                missing = true;
                continue;
            }
            if (trailingSlash && isDirectory == false)
                continue;
            // GLOB_MARK: directories are listed with a trailing '/', which keepalived then rejects.
            matches.Add(isDirectory == true && !path.EndsWith('/') ? path + "/" : path);
        }
        matches.Sort(StringComparer.Ordinal);
        return new ConfigGlobResult(matches, missing);
    }

    private static string Unescape(string segment)
    {
        if (!segment.Contains('\\'))
            return segment;
        var builder = new System.Text.StringBuilder(segment.Length);
        for (int i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '\\' && i + 1 < segment.Length)
                i++;
            builder.Append(segment[i]);
        }
        return builder.ToString();
    }
}
