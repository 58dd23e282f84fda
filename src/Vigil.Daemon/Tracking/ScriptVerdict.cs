using Vigil.Core.Tracking;

using Vigil.Linux.Host;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// What keepalived's check_script_secure() decides for one script run as <c>uid:gid</c>, on this host:
/// the program is found (PATH for a bare name), resolved through every symbolic link
/// (<see cref="ScriptPathWalk"/>), executable for that user, and, when it needs protection (it runs as
/// uid 0 or gid 0, or is a setuid-root or setgid-root program), nothing on the way to it may be
/// writable by anyone but root. <see cref="RunPath"/> is the path to execute: the resolved one,
/// keeping the name it was called by when that name is the same file in the resolved directory
/// (busybox-style programs look at argv[0]), as keepalived does.
/// </summary>
public sealed record ScriptVerdict(string? RunPath, string? Missing, string? NotExecutable, string? Insecure)
{
    public static ScriptVerdict Of(string program, int uid, int gid, HostInspector host)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(host);
        string? path = program.Contains('/', StringComparison.Ordinal) ? program : host.FindInPath(program);
        if (path is null)
        {
            return new ScriptVerdict(null, $"'{program}' is not found in PATH", null, null);
        }

        ScriptPathWalk walk = ScriptPathWalk.Of(path, host);
        if (walk.Resolved is not { } resolved)
        {
            return new ScriptVerdict(null, $"'{path}' cannot be resolved: {walk.Problem}", null, null);
        }

        PathEntry file = walk.Entries[^1];
        if (file.Type != PathEntryType.RegularFile)
        {
            return new ScriptVerdict(null, null, $"'{path}' ({resolved}) is not a regular file", null);
        }

        var entries = new List<PathEntry>(walk.Entries);
        string runPath = resolved;
        string calledAs = Path.GetFileName(path);
        if (calledAs != Path.GetFileName(resolved))
        {
            string sameName = Path.Combine(Path.GetDirectoryName(resolved) ?? "/", calledAs);
            ScriptPathWalk alias = ScriptPathWalk.Of(sameName, host);
            if (alias.Resolved == resolved)
            {
                runPath = sameName;
                entries.AddRange(alias.Entries);
            }
        }

        if (!ScriptSecurity.IsExecutable(uid, gid, file))
        {
            return new ScriptVerdict(runPath, null, $"'{path}' is not executable for uid {uid} gid {gid}", null);
        }

        string? insecure = ScriptSecurity.NeedsProtection(uid, gid, file) ? ScriptSecurity.Walk(path, entries) : null;
        return new ScriptVerdict(runPath, null, null, insecure);
    }
}
