using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Host;

/// <summary>
/// Read-only facts about this host that a configuration depends on: network interfaces, users and
/// groups, file ownership and modes (for keepalived's script security rules, reliability-rules §1.5).
/// </summary>
public sealed class HostInspector
{
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int ModeOffset = 28;
    private const int PasswdIdOffset = 16;
    private const int PasswdGroupOffset = 20; // struct passwd.pw_gid on LP64

    public bool InterfaceExists(string name) =>
        name.Length is > 0 and <= 15 && !name.Contains('/', StringComparison.Ordinal) && name is not ("." or "..")
        && Directory.Exists(Path.Combine("/sys/class/net", name));

    /// <summary>lstat: does not follow a final symbolic link. Null when the path does not exist or cannot be reached.</summary>
    public unsafe FileStatus? LinkStatus(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Interop.Libc.statx(Interop.Libc.AT_FDCWD, path, Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_BASIC_STATS, buffer) != 0)
        {
            return null;
        }

        var span = new ReadOnlySpan<byte>(buffer, StatxSize);
        return new FileStatus(
            BinaryPrimitives.ReadUInt32LittleEndian(span[UidOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(span[GidOffset..]),
            BinaryPrimitives.ReadUInt16LittleEndian(span[ModeOffset..]));
    }

    public uint? UserId(string name) => IdAt(Interop.Libc.getpwnam(name));

    public uint? GroupId(string name) => IdAt(Interop.Libc.getgrnam(name));

    /// <summary>The user's primary group (pw_gid), or null when the user does not exist.</summary>
    public uint? PrimaryGroupId(string user)
    {
        nint entry = Interop.Libc.getpwnam(user);
        return entry == 0 ? null : (uint)Marshal.ReadInt32(entry, PasswdGroupOffset);
    }

    /// <summary>This process's effective uid (0: it may run scripts as another user).</summary>
    public static uint EffectiveUserId => Interop.Libc.geteuid();

    /// <summary>Resolves a bare program name through PATH, as keepalived does for scripts.</summary>
    public string? FindInPath(string program)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The final target of a symbolic link chain, or null when it does not resolve.</summary>
    public static string? ResolveLink(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static uint? IdAt(nint entry) => entry == 0 ? null : (uint)Marshal.ReadInt32(entry, PasswdIdOffset);
}
