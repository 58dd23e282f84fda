namespace Vigil.Linux.Host;

/// <summary>The process's file-creation mask (keepalived's -u/--umask).</summary>
public static class FileCreationMask
{
    /// <summary>Sets the mask (only the permission bits, 0–0777) and returns the previous one.</summary>
    public static uint Set(uint mask) => Interop.Libc.umask(mask & 0x1FF);
}
