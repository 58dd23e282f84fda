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
    private const int OwnerExecute = 0x40; // 0100
    private const int GroupExecute = 0x08; // 0010
    private const int OtherExecute = 0x01; // 0001
    private const int SetUid = 0x800;      // 04000
    private const int SetGid = 0x400;      // 02000

    /// <summary>
    /// keepalived protects a script (applies <see cref="Walk"/>) when it runs as uid 0 or gid 0, or is a
    /// setuid-root or setgid-root program (it would gain root whoever runs it).
    /// </summary>
    public static bool NeedsProtection(int uid, int gid, PathEntry file) =>
        uid == 0 || gid == 0
        || (file.Uid == 0 && (file.Mode & OwnerExecute) != 0 && (file.Mode & SetUid) != 0)
        || (file.Gid == 0 && (file.Mode & GroupExecute) != 0 && (file.Mode & SetGid) != 0);

    /// <summary>keepalived's is_executable(): root needs any execute bit; others the bit of the class they fall in.</summary>
    public static bool IsExecutable(int uid, int gid, PathEntry file) =>
        (uid == 0 && (file.Mode & (OwnerExecute | GroupExecute | OtherExecute)) != 0)
        || (uid == file.Uid && (file.Mode & OwnerExecute) != 0)
        || (uid != file.Uid && ((gid == file.Gid && (file.Mode & GroupExecute) != 0) || (gid != file.Gid && (file.Mode & OtherExecute) != 0)));

    /// <summary>
    /// Every entry a resolution walked through (<c>ScriptPathWalk</c>: directories, symbolic links of any
    /// hop, the final file) judged by check_security()'s rule: root-owned, and not writable by a non-root
    /// group or by others unless it is a directory with the sticky bit. Null when all are safe.
    /// </summary>
    public static string? Walk(string script, IReadOnlyList<PathEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (PathEntry entry in entries)
        {
            if (Unsafe(script, entry) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>check_security()'s rule for one entry; null when it is safe.</summary>
    public static string? Unsafe(string script, PathEntry entry)
    {
        if (entry.Uid != 0)
        {
            return $"script '{script}' is insecure: {entry.Path} is owned by uid {entry.Uid}, not root";
        }

        bool checkWrite = entry.Type == PathEntryType.RegularFile || (entry.Type == PathEntryType.Directory && (entry.Mode & Sticky) == 0);
        if (checkWrite && (entry.Mode & GroupWrite) != 0 && entry.Gid != 0)
        {
            return $"script '{script}' is insecure: {entry.Path} is writable by group {entry.Gid}";
        }

        return checkWrite && (entry.Mode & OtherWrite) != 0 ? $"script '{script}' is insecure: {entry.Path} is writable by everyone" : null;
    }

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
            if (Unsafe(script, entry) is { } reason)
            {
                return reason;
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
