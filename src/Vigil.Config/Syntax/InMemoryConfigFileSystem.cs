using Vigil.Config.Syntax.Reading;

namespace Vigil.Config.Syntax;

/// <summary>
/// Configuration files held in memory, keyed by path: for tests, and for checking text that did
/// not come from disk. Directories exist implicitly when a file below them exists.
/// </summary>
public sealed class InMemoryConfigFileSystem : IConfigFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemoryConfigFileSystem()
    {
    }

    public InMemoryConfigFileSystem(IEnumerable<KeyValuePair<string, string>> files)
    {
        foreach (var (path, text) in files)
            Add(path, text);
    }

    public InMemoryConfigFileSystem Add(string path, string text)
    {
        _files[Normalize(path)] = text;
        return this;
    }

    public bool TryReadAllText(string path, bool mainFile, out string text, out string? problem)
    {
        string key = Normalize(path);
        if (_files.TryGetValue(key, out string? found))
        {
            text = found;
            problem = null;
            return true;
        }
        text = "";
        problem = IsDirectory(key) ? "is a directory" : "does not exist";
        return false;
    }

    public ConfigGlobResult Glob(string pattern) => GlobWalker.Expand(pattern, List, KindOf);

    private IEnumerable<(string Name, bool IsDirectory)>? List(string directory)
    {
        string key = Normalize(directory);
        if (key != "." && key != "/" && !IsDirectory(key))
            return null;
        string prefix = key switch { "." => "", "/" => "/", _ => key + "/" };
        var entries = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (string file in _files.Keys)
        {
            if (!file.StartsWith(prefix, StringComparison.Ordinal) || (prefix.Length == 0 && file.StartsWith('/')))
                continue;
            string rest = file[prefix.Length..];
            int slash = rest.IndexOf('/');
            if (slash < 0)
                entries[rest] = false;
            else
                entries[rest[..slash]] = true;
        }
        return entries.Select(e => (e.Key, e.Value)).ToList();
    }

    private bool? KindOf(string path)
    {
        string key = Normalize(path);
        if (_files.ContainsKey(key))
            return false;
        return key is "." or "/" || IsDirectory(key) ? true : null;
    }

    private bool IsDirectory(string key)
    {
        string prefix = key.EndsWith('/') ? key : key + "/";
        return _files.Keys.Any(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Collapses "./", "//" and "dir/../" so the same file has one key however an include spells it.</summary>
    internal static string Normalize(string path)
    {
        if (path.Length == 0)
            return ".";
        bool absolute = path.StartsWith('/');
        var parts = new List<string>();
        foreach (string part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
                continue;
            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
                parts.RemoveAt(parts.Count - 1);
            else if (part != ".." || !absolute)
                parts.Add(part);
        }
        string joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
