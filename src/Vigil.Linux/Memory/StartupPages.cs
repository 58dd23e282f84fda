using System.Globalization;

namespace Vigil.Linux.Memory;

/// <summary>
/// Unmaps the executable's read-only pages once start-up is over. The kernel maps file pages 64 KiB around
/// every page fault (fault-around), so config parsing, command-line and start-up code, the compressed type data
/// read once at start and the unwind tables read by the first GC stay resident for the life of the daemon.
/// MADV_DONTNEED on a private mapping that holds no copied-on-write page only drops page-table entries: the
/// pages stay in the page cache and whatever is still used is mapped back by a minor fault (microseconds, no
/// disk read). Writable mappings, and read-only ones with copied pages (RELRO after relocation), are never
/// touched: dropping those would lose data.
/// </summary>
public static class StartupPages
{
    /// <summary>Returns the bytes of mappings released (0 when none qualified); never throws.</summary>
    public static long ReleaseExecutableMappings()
    {
        try
        {
            string executable = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: false)?.FullName ?? string.Empty;
            long released = 0;
            foreach ((ulong start, ulong end) in ReleasableRanges(File.ReadLines("/proc/self/smaps"), executable))
            {
                if (Interop.Libc.madvise((nint)start, (nuint)(end - start), Interop.Libc.MADV_DONTNEED) == 0)
                {
                    released += (long)(end - start);
                }
            }

            return released;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>
    /// From /proc/self/smaps: the private, non-writable mappings of <paramref name="executable"/> whose
    /// "Anonymous:" count is 0 (no page was ever copied on write).
    /// </summary>
    public static IEnumerable<(ulong Start, ulong End)> ReleasableRanges(IEnumerable<string> smaps, string executable)
    {
        (ulong Start, ulong End)? candidate = null;
        foreach (string line in smaps)
        {
            if (Header(line) is { } header)
            {
                candidate = header.Path == executable && executable.Length > 0 && header.Permissions is ['r', '-', _, 'p']
                    ? (header.Start, header.End)
                    : null;
            }
            else if (candidate is { } range && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                if (line.AsSpan("Anonymous:".Length).Trim() is "0 kB")
                {
                    yield return range;
                }

                candidate = null;
            }
        }
    }

    /// <summary>A mapping header ("start-end perms offset dev inode [path]"), or null for a "Key: value" line.</summary>
    private static (ulong Start, ulong End, string Permissions, string Path)? Header(string line)
    {
        string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        int dash = fields.Length >= 5 ? fields[0].IndexOf('-', StringComparison.Ordinal) : -1;
        if (dash <= 0 || fields[1].Length != 4
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
            || end <= start)
        {
            return null;
        }

        return (start, end, fields[1], fields.Length == 6 ? fields[5].Trim() : string.Empty);
    }
}
