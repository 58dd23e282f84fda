using System.Runtime.InteropServices;
using Vigil.Linux.Host;

namespace Vigil.Linux.Control;

/// <summary>
/// The daemon's runtime directory (default /run/vigil): the control socket and the state, stats and
/// JSON dumps live here, never under a predictable /tmp path (keepalived CVE-2018-19044..19046: a
/// local user pre-created /tmp/keepalived.data as a symlink and root wrote through it). The
/// directory must be a real directory (not a symlink) owned by the daemon's user and writable by
/// nobody else; mode 0700, or 0750 with the control group as its group so that group can reach
/// the socket.
/// </summary>
public static class RuntimeDirectory
{
    /// <summary>Creates or checks <paramref name="path"/>; throws <see cref="IOException"/> naming the problem and the fix.</summary>
    public static void Prepare(string path, uint? controlGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Vigil runs on Linux only.");
        }

        var inspector = new HostInspector();
        if (inspector.LinkStatus(path) is null)
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        FileStatus status = inspector.LinkStatus(path) ?? throw new IOException($"runtime directory {path} could not be created");
        uint self = HostInspector.EffectiveUserId;
        if (!status.IsDirectory || status.IsSymbolicLink)
        {
            throw new IOException($"runtime directory {path} is not a directory (a symbolic link or file is there); remove it or choose another --runtime-dir");
        }

        if (status.Uid != self)
        {
            throw new IOException($"runtime directory {path} is owned by uid {status.Uid}, not by this daemon (uid {self}); remove it or choose another --runtime-dir");
        }

        UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        if (controlGroup is uint group)
        {
            SetGroup(path, group);
            mode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        }

        File.SetUnixFileMode(path, mode); // also removes group/other write left by an earlier setup
    }

    /// <summary>Gives <paramref name="path"/> (never following a symlink) the group <paramref name="groupId"/>.</summary>
    public static void SetGroup(string path, uint groupId)
    {
        if (Interop.Libc.lchown(path, uint.MaxValue, groupId) != 0)
        {
            throw new IOException($"cannot give {path} group {groupId}: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}
