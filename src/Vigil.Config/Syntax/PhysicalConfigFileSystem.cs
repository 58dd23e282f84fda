using System.Runtime.InteropServices;
using Vigil.Config.Syntax.Reading;

namespace Vigil.Config.Syntax;

/// <summary>
/// The real file system, read the way keepalived 2.2.7 opens configuration files: only regular,
/// non-executable files are read (keepalived skips the others: check_glob_file() in lib/parser.c),
/// and glob patterns are expanded with glob(3) semantics. One exception: the main file the operator
/// named may be a FIFO (<c>vigil check -f &lt;(generate)</c>), read until its writer closes it.
/// Every read is bounded (<see cref="MaxFileBytes"/>): /dev/zero or an endless writer is an error, not an out-of-memory.
/// </summary>
public sealed partial class PhysicalConfigFileSystem : IConfigFileSystem
{
    /// <summary>The largest configuration file read; keepalived.conf files are kilobytes, the largest generated ones a few MiB.</summary>
    public const long MaxFileBytes = 16 << 20;

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public bool TryReadAllText(string path, bool mainFile, out string text, out string? problem)
    {
        text = "";
        try
        {
            problem = FileTypeProblem(path, mainFile, out bool regular);
            if (problem is not null)
                return false;
            if (regular && (new FileInfo(path).UnixFileMode & AnyExecute) != 0)
            {
                problem = "is executable (keepalived only reads non-executable configuration files)";
                return false;
            }
            return TryReadBounded(path, out text, out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = e.Message;
            return false;
        }
    }

    public ConfigGlobResult Glob(string pattern) => GlobWalker.Expand(pattern, List, KindOf);

    /// <summary>Why <paramref name="path"/> is not read, by its type (stat, following symlinks), before anything opens it: opening a FIFO blocks.</summary>
    private static string? FileTypeProblem(string path, bool mainFile, out bool regular)
    {
        regular = false;
        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, 0, StatxType | StatxSize_, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                2 or 20 => "does not exist",
                13 => "cannot be read (permission denied)",
                _ => $"cannot be examined ({Marshal.GetPInvokeErrorMessage(errno)})",
            };
        }
        int type = BitConverter.ToUInt16(buffer[StatxModeOffset..]) & TypeMask;
        long size = BitConverter.ToInt64(buffer[StatxSizeOffset..]);
        switch (type)
        {
            case TypeRegular:
                regular = true;
                return size > MaxFileBytes ? TooLarge(size) : null;
            case TypeDirectory:
                return "is a directory";
            case TypeFifo when mainFile:
                return null;
            default:
                return $"is not a regular file ({TypeName(type)}); configuration files must be regular files";
        }
    }

    private static bool TryReadBounded(string path, out string text, out string? problem)
    {
        text = "";
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var bytes = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (bytes.Length + read > MaxFileBytes)
            {
                problem = TooLarge(bytes.Length + read);
                return false;
            }
            bytes.Write(chunk, 0, read);
        }
        bytes.Position = 0;
        using var reader = new StreamReader(bytes, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        text = reader.ReadToEnd();
        problem = null;
        return true;
    }

    private static string TooLarge(long size) =>
        $"is larger than {MaxFileBytes >> 20} MiB ({(size > MaxFileBytes + 1 ? $"{size >> 20} MiB" : "at least")}); is it really a keepalived.conf?";

    private static string TypeName(int type) => type switch
    {
        TypeFifo => "a FIFO",
        TypeCharacterDevice => "a character device",
        TypeBlockDevice => "a block device",
        TypeSocket => "a socket",
        _ => "of an unknown type",
    };

    private static IEnumerable<(string Name, bool IsDirectory)>? List(string directory)
    {
        try
        {
            if (!Directory.Exists(directory))
                return null;
            return new DirectoryInfo(directory).EnumerateFileSystemInfos()
                .Select(i => (i.Name, i is DirectoryInfo))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool? KindOf(string path) =>
        Directory.Exists(path) ? true : File.Exists(path) ? false : null;

    // statx(2): its struct has one layout on every architecture, unlike struct stat.
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize_ = 0x200;
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int StatxSizeOffset = 40;
    private const int TypeMask = 0xF000;
    private const int TypeFifo = 0x1000;
    private const int TypeCharacterDevice = 0x2000;
    private const int TypeDirectory = 0x4000;
    private const int TypeBlockDevice = 0x6000;
    private const int TypeRegular = 0x8000;
    private const int TypeSocket = 0xC000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, Span<byte> buffer);
}
