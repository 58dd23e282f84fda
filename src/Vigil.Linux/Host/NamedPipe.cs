namespace Vigil.Linux.Host;

/// <summary>Creates the notify FIFOs keepalived's <c>notify_fifo</c> names (mkfifo, then chown to the reader's user).</summary>
public static class NamedPipe
{
    /// <summary>
    /// Makes sure <paramref name="path"/> is a FIFO: creates it (mode 0600, or 0660 when a group reads it)
    /// when missing, owned by <paramref name="uid"/>:<paramref name="gid"/>. Throws
    /// <see cref="SyscallException"/> when it cannot, or <see cref="IOException"/> when a non-FIFO is in the way.
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

            return;
        }

        ThrowHelper.ThrowIfFailed(Interop.Libc.mkfifo(path, gid == 0 ? 0x180u : 0x1B0u), $"mkfifo({path})");
        ThrowHelper.ThrowIfFailed(Interop.Libc.chown(path, uid, gid), $"chown({path})");
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
