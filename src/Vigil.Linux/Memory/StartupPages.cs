using System.Globalization;

namespace Vigil.Linux.Memory;

/// <summary>
/// Unmaps the executable's and shared libraries' read-only pages once start-up is over. The kernel maps file pages
/// 64 KiB around every page fault (fault-around), so config parsing, command-line and start-up code, the unwind
/// tables read by the first GC and the libraries' start-up code stay resident for the life of the daemon.
/// MADV_DONTNEED on a private mapping that holds no copied-on-write page only drops page-table entries: the
/// pages stay in the page cache and whatever is still used is mapped back by a minor fault (microseconds, no
/// disk read). Writable mappings, and read-only ones with copied pages (RELRO after relocation), are never
/// touched: dropping those would lose data.
/// </summary>
public static partial class StartupPages
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
    /// From /proc/self/smaps: the private, non-writable mappings of <paramref name="executable"/> and of shared libraries whose
    /// "Anonymous:" count is 0 (no page was ever copied on write).
    /// </summary>
    public static IEnumerable<(ulong Start, ulong End)> ReleasableRanges(IEnumerable<string> smaps, string executable)
    {
        (ulong Start, ulong End)? candidate = null;
        foreach (string line in smaps)
        {
            if (Header(line) is { } header)
            {
                candidate = IsOursOrALibrary(header.Path, executable) && header.Permissions is ['r', '-', _, 'p']
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

    /// <summary>
    /// The executable, or a shared library (libc, libm, libnss_*: ≈ 2.7 MB resident after start, much of it used only
    /// by start-up: name lookups, the loader). Their read-only pages are shared with every other process through the
    /// page cache, so dropping them from this process's page tables never costs a disk read.
    /// </summary>
    private static bool IsOursOrALibrary(string path, string executable) =>
        executable.Length > 0 && (path == executable || (path.StartsWith('/') && path.Contains(".so", StringComparison.Ordinal)));

    /// <summary>A mapping header ("start-end perms offset dev inode [path]"), or null for a "Key: value" line.</summary>
    private static (ulong Start, ulong End, string Permissions, string Path, long Offset)? Header(string line)
    {
        string[] fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        int dash = fields.Length >= 5 ? fields[0].IndexOf('-', StringComparison.Ordinal) : -1;
        if (dash <= 0 || fields[1].Length != 4
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong end)
            || end <= start
            || !long.TryParse(fields[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long offset))
        {
            return null;
        }

        return (start, end, fields[1], fields.Length == 6 ? fields[5].Trim() : string.Empty, offset);
    }
}
