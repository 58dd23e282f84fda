using Vigil.Core.Tracking;

using Vigil.Linux.Host;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// A script path resolved the way realpath(3) does (keepalived realpath()s every script before checking
/// and running it), but by hand, so that every entry the resolution passes through is recorded with its
/// lstat() facts: each directory walked, each symbolic link (whichever component it is: /bin on a
/// merged-/usr system, or a link to a link in another directory) and the final file. Script security is
/// then judged on all of them (<see cref="ScriptSecurity.Unsafe"/>), and the resolved path is what runs.
/// </summary>
public sealed record ScriptPathWalk(string? Resolved, IReadOnlyList<PathEntry> Entries, string? Problem)
{
    private const int MaxLinks = 40; // SYMLOOP_MAX on Linux

    /// <summary>Resolves the absolute <paramref name="path"/>; <see cref="Problem"/> says why it could not (missing, loop, not a directory).</summary>
    public static ScriptPathWalk Of(string path, HostInspector host)
    {
        ArgumentNullException.ThrowIfNull(host);
        string absolute = Path.GetFullPath(path, "/");
        var entries = new List<PathEntry>();
        if (host.LinkStatus("/") is not { } root)
        {
            return new ScriptPathWalk(null, entries, "/ cannot be examined");
        }

        entries.Add(Entry("/", root));
        var pending = new Stack<string>(Parts(absolute).Reverse());
        string current = "/";
        int links = 0;
        while (pending.Count > 0)
        {
            string part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/"; // a prefix of current: already walked
                continue;
            }

            string candidate = current == "/" ? "/" + part : current + "/" + part;
            if (host.LinkStatus(candidate) is not { } status)
            {
                return new ScriptPathWalk(null, entries, $"{candidate} does not exist or cannot be examined");
            }

            entries.Add(Entry(candidate, status));
            if (status.IsSymbolicLink)
            {
                if (++links > MaxLinks)
                {
                    return new ScriptPathWalk(null, entries, $"too many symbolic links at {candidate}");
                }

                string? target = new FileInfo(candidate).LinkTarget;
                if (string.IsNullOrEmpty(target))
                {
                    return new ScriptPathWalk(null, entries, $"{candidate} cannot be read");
                }

                foreach (string next in Parts(target).Reverse())
                {
                    pending.Push(next);
                }

                if (target[0] == '/')
                {
                    current = "/";
                }

                continue;
            }

            if (!status.IsDirectory && pending.Count > 0)
            {
                return new ScriptPathWalk(null, entries, $"{candidate} is not a directory");
            }

            current = candidate;
        }

        return new ScriptPathWalk(current, entries, null);
    }

    private static string[] Parts(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static PathEntry Entry(string path, FileStatus status)
    {
        PathEntryType type = status.IsDirectory ? PathEntryType.Directory
            : status.IsRegularFile ? PathEntryType.RegularFile
            : status.IsSymbolicLink ? PathEntryType.Symlink
            : PathEntryType.Other;
        return new PathEntry(path, (int)status.Uid, (int)status.Gid, (int)(status.Mode & 0xFFF), type);
    }
}
