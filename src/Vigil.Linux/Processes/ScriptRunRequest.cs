namespace Vigil.Linux.Processes;

/// <summary>
/// One script run: the program and its arguments (already split as keepalived does, see
/// Vigil.Config.Syntax.ScriptCommandLexer; no shell is involved), the uid/gid it runs as, and its timeout.
/// </summary>
public sealed record ScriptRunRequest(string Program, IReadOnlyList<string> Arguments, int Uid, int Gid, TimeSpan Timeout)
{
    /// <summary>Output kept per run (stdout and stderr together); the rest is read and thrown away so the script never blocks.</summary>
    public int OutputLimit { get; init; } = 4096;
}
