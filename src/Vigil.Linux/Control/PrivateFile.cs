namespace Vigil.Linux.Control;

/// <summary>
/// Writes a file the safe way for a root daemon: the content goes to a fresh, randomly named file in
/// the same directory, created with O_CREAT|O_EXCL (FileMode.CreateNew: never reuses an existing
/// path and never follows a symlink planted there) and mode 0600, then is renamed over the target
/// (rename(2) replaces a symlink at the target instead of following it). Readers see either the
/// old or the new content, never a half-written file. The mode is set explicitly after creation, so a
/// umask of 000 cannot make it group or world writable.
/// </summary>
public static class PrivateFile
{
    /// <summary>0644: files others may read (the pid file, a track_file's initial value).</summary>
    public const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static void Write(string path, ReadOnlySpan<byte> content) => Write(path, content, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    public static void Write(string path, ReadOnlySpan<byte> content, UnixFileMode mode)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Vigil runs on Linux only.");
        }

        string directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Path.GetRandomFileName());
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                File.SetUnixFileMode(stream.SafeFileHandle, mode);
                stream.Write(content);
                stream.Flush(flushToDisk: false);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
