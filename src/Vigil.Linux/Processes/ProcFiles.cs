namespace Vigil.Linux.Processes;

/// <summary>The real /proc for Vigil.Core.Tracking.ProcScanner.Scan(ProcFiles.Entries(), ProcFiles.Read).</summary>
public static class ProcFiles
{
    public static IEnumerable<string> Entries() => Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).OfType<string>();

    /// <summary>The file's text, or null if it is gone (the process exited) or unreadable.</summary>
    public static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
