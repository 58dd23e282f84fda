namespace Vigil.Core.Tracking;

/// <summary>The kind of a path component as lstat() reports it.</summary>
public enum PathEntryType
{
    Directory,
    RegularFile,
    Symlink,
    Other,
}

/// <summary>One path component's lstat() result: owner, group, permission bits (with sticky bit 01000) and type.</summary>
public readonly record struct PathEntry(string Path, int Uid, int Gid, int Mode, PathEntryType Type);

/// <summary>
/// keepalived's check_security() (core/notify.c, reliability-rules §1.5) for a script that would run
/// as root: every component from / down must be owned by root, and none may be writable by a non-root
/// group or by others, except a directory with the sticky bit (such as /tmp). Non-final components
/// must be directories; the final one a regular file or a symlink, whose target is then walked the
/// same way by the caller. Returns null when safe, else the refusal naming the file and the reason.
/// </summary>
public static class ScriptSecurity
{
    private const int GroupWrite = 0x10; // 0020
    private const int OtherWrite = 0x02; // 0002
    private const int Sticky = 0x200;    // 01000

    public static string? Check(string script, IReadOnlyList<PathEntry> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        for (int i = 0; i < components.Count; i++)
        {
            PathEntry entry = components[i];
            bool last = i == components.Count - 1;
            if (!last && entry.Type != PathEntryType.Directory)
            {
                return $"script '{script}' is insecure: {entry.Path} is not a directory";
            }
            if (last && entry.Type is not (PathEntryType.RegularFile or PathEntryType.Symlink))
            {
                return $"script '{script}' is insecure: {entry.Path} is not a regular file";
            }
            if (entry.Uid != 0)
            {
                return $"script '{script}' is insecure: {entry.Path} is owned by uid {entry.Uid}, not root";
            }
            bool checkWrite = entry.Type == PathEntryType.RegularFile || (entry.Type == PathEntryType.Directory && (entry.Mode & Sticky) == 0);
            if (checkWrite && (entry.Mode & GroupWrite) != 0 && entry.Gid != 0)
            {
                return $"script '{script}' is insecure: {entry.Path} is writable by group {entry.Gid}";
            }
            if (checkWrite && (entry.Mode & OtherWrite) != 0)
            {
                return $"script '{script}' is insecure: {entry.Path} is writable by everyone";
            }
        }
        return null;
    }

    /// <summary>The prefixes lstat() must be called on for an absolute path: "/", "/usr", "/usr/bin", "/usr/bin/x".</summary>
    public static IReadOnlyList<string> Components(string absolutePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(absolutePath);
        if (absolutePath[0] != '/')
        {
            throw new ArgumentException($"'{absolutePath}' is not absolute", nameof(absolutePath));
        }
        var result = new List<string> { "/" };
        string prefix = "";
        foreach (string part in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            prefix += "/" + part;
            result.Add(prefix);
        }
        return result;
    }
}
