namespace Vigil.Linux.Processes;

/// <summary>
/// The whole environment a script gets: nothing of the daemon's (no secrets, no LD_PRELOAD,
/// LD_LIBRARY_PATH or IFS, which keepalived removes since 2.2.8), only a fixed PATH.
/// </summary>
public static class ScriptEnvironment
{
    public const string Path = "/usr/sbin:/usr/bin:/sbin:/bin";

    public static IReadOnlyDictionary<string, string> Variables { get; } = new Dictionary<string, string> { ["PATH"] = Path };
}
