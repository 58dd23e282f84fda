using Vigil.Config.Syntax.Reading;

namespace Vigil.Config.Syntax;

/// <summary>
/// The real file system, read the way keepalived 2.2.7 opens configuration files: only regular,
/// non-executable files are read (keepalived skips executable ones: check_glob_file() in
/// lib/parser.c), and glob patterns are expanded with glob(3) semantics.
/// </summary>
public sealed class PhysicalConfigFileSystem : IConfigFileSystem
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public bool TryReadAllText(string path, out string text, out string? problem)
    {
        text = "";
        try
        {
            if (Directory.Exists(path))
            {
                problem = "is a directory";
                return false;
            }
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = "does not exist";
                return false;
            }
            if (!OperatingSystem.IsWindows() && (info.UnixFileMode & AnyExecute) != 0)
            {
                problem = "is executable (keepalived only reads non-executable configuration files)";
                return false;
            }
            text = File.ReadAllText(path);
            problem = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            problem = e.Message;
            return false;
        }
    }

    public ConfigGlobResult Glob(string pattern) => GlobWalker.Expand(pattern, List, KindOf);

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
}
