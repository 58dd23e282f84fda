namespace Vigil.Linux.Processes;

/// <summary>
/// Descriptors the daemon was started with (a shell's <c>9&lt;/etc/shadow</c>, a leaked socket of the
/// service manager) are not close-on-exec, so every script would inherit them. <c>vigil run</c> marks
/// every descriptor from 3 up close-on-exec first thing (close_range(3, ~0, CLOSE_RANGE_CLOEXEC), or
/// fcntl on each entry of /proc/self/fd on kernels before 5.11): scripts then get only 0–2. They are
/// marked, not closed, because the runtime has already opened descriptors of its own by then.
/// </summary>
public static class InheritedDescriptors
{
    public static void MarkCloseOnExec()
    {
        if (Interop.Libc.close_range(3, uint.MaxValue, Interop.Libc.CLOSE_RANGE_CLOEXEC) == 0)
        {
            return;
        }

        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd) && fd > 2)
            {
                int flags = Interop.Libc.fcntl(fd, Interop.Libc.F_GETFD, 0);
                if (flags >= 0)
                {
                    _ = Interop.Libc.fcntl(fd, Interop.Libc.F_SETFD, flags | Interop.Libc.FD_CLOEXEC);
                }
            }
        }
    }
}
