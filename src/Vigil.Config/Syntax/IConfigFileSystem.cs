namespace Vigil.Config.Syntax;

/// <summary>
/// The only way the configuration reader touches files, so the reader stays pure and tests can use
/// <see cref="InMemoryConfigFileSystem"/>. <see cref="PhysicalConfigFileSystem"/> is the real one.
/// </summary>
public interface IConfigFileSystem
{
    /// <summary>
    /// Reads a whole configuration file. On failure <paramref name="problem"/> says why in operator words ("does not exist", "is a directory", ...).
    /// <paramref name="mainFile"/>: the file the operator named (-f), which may be a FIFO; included files must be regular files.
    /// </summary>
    bool TryReadAllText(string path, bool mainFile, out string text, out string? problem);

    /// <summary>
    /// Expands one glob pattern (wildcards <c>* ? [..]</c>, no braces: the reader expands those first)
    /// like glob(3) with GLOB_MARK: matches sorted, directories with a trailing '/'.
    /// </summary>
    ConfigGlobResult Glob(string pattern);
}

/// <summary>
/// What a glob found. <see cref="SomethingMissing"/> is keepalived's "missing files or directories"
/// (a literal path or a directory on the way that does not exist), which decides between its
/// "Config files missing" and "No config files matched" outcomes.
/// </summary>
public sealed record ConfigGlobResult(IReadOnlyList<string> Matches, bool SomethingMissing);
