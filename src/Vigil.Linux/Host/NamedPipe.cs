using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux.Host;

/// <summary>Creates and opens the notify FIFOs keepalived's <c>notify_fifo</c> names (mkfifo, then chown to the reader's user).</summary>
public static class NamedPipe
{
    private const int GroupOrOtherWrite = 0x12; // 0022

    /// <summary>
    /// Makes sure <paramref name="path"/> is a FIFO vigil may write notifications to: creates it when missing
    /// (mode 0600, 0640 when a group reads it), owned by <paramref name="uid"/>:<paramref name="gid"/>. An
    /// existing one must be owned by root, by this process's user or by <paramref name="uid"/> (the reader the
    /// configuration names), and writable by no group or others: otherwise another user could read the
    /// notifications or write forged lines into them. Throws <see cref="SyscallException"/> when it cannot
    /// create it, or <see cref="IOException"/> naming what is wrong with an existing one.
    /// </summary>
    public static void Ensure(string path, uint uid, uint gid)
    {
        FileStatus? status = new HostInspector().LinkStatus(path);
        if (status is { } existing)
        {
            if (!existing.IsFifo)
            {
                throw new IOException($"{path} exists and is not a FIFO; remove it or name another path");
            }

            if (existing.Uid != 0 && existing.Uid != HostInspector.EffectiveUserId && existing.Uid != uid)
            {
                throw new IOException($"{path} is owned by uid {existing.Uid}, not root or the configured reader: that user could read the notifications or forge lines; remove it (vigil creates it 0600)");
            }

            if ((existing.Mode & GroupOrOtherWrite) != 0)
            {
                throw new IOException($"{path} is writable by its group or by others (mode {Convert.ToString(existing.Mode & 0xFFF, 8)}): anyone could forge notification lines; chmod go-w it or remove it");
            }

            return;
        }

        ThrowHelper.ThrowIfFailed(Interop.Libc.mkfifo(path, gid == 0 ? 0x180u : 0x1A0u), $"mkfifo({path})");
        ThrowHelper.ThrowIfFailed(Interop.Libc.chown(path, uid, gid), $"chown({path})");
    }

    /// <summary>Opens the FIFO read-write without following a symlink swapped in after <see cref="Ensure"/>.</summary>
    public static FileStream OpenForWriting(string path)
    {
        int fd = Interop.Libc.open(path, Interop.Files.O_RDWR | Interop.Files.O_CLOEXEC | Interop.Files.O_NOFOLLOW);
        ThrowHelper.ThrowIfFailed(fd, $"open({path})");
        return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 0);
    }

    /// <summary>
    /// The bytes written to the pipe behind <paramref name="fd"/> that no reader has taken yet (FIONREAD):
    /// 0 once a reader has read every line. Throws <see cref="SyscallException"/> when the fd is no pipe.
    /// </summary>
    public static unsafe int Unread(Microsoft.Win32.SafeHandles.SafeFileHandle fd)
    {
        ArgumentNullException.ThrowIfNull(fd);
        int unread;
        ThrowHelper.ThrowIfFailed(Interop.Libc.ioctl(fd, Interop.Libc.FIONREAD, &unread), "ioctl(FIONREAD)");
        return unread;
    }
}
