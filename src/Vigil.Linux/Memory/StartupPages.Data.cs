using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux.Memory;

/// <summary>
/// The executable's writable data (a non-PIE NativeAOT binary without dehydration keeps its type data there, ≈ 4.7 MB,
/// paged in from the file at start and mostly unused once running). Those pages are still the file's until written, but
/// MADV_DONTNEED would also throw away any page a thread copies on write meanwhile, so they are reclaimed with
/// MADV_PAGEOUT instead, which never loses data; /proc/self/pagemap picks the pages still the file's, so the statics
/// that were written (copied pages) are not swapped out on a host with swap. Reclaiming also drops those pages from the
/// page cache, so the range is read back into the cache at once (POSIX_FADV_WILLNEED, nothing mapped): a type first
/// used later, on a failover say, costs a minor fault, not a disk read on the real-time thread.
/// </summary>
public static partial class StartupPages
{
    private const ulong PagePresent = 1UL << 63;
    private const ulong PageFileOrShared = 1UL << 61;

    /// <summary>
    /// The page-out of <see cref="ReleaseStartupPages"/> on the private writable mappings of <paramref name="mapped"/>
    /// (as /proc/self/maps names it), read back into the cache through <paramref name="open"/>; a test gives its own file.
    /// Returns the bytes advised.
    /// </summary>
    internal static long PageOutWritableData(byte[] mapped, string open)
    {
        var plan = new Plan(mapped);
        ProcMaps.ForEach("/proc/self/maps", plan, static (in ProcMaps.Mapping mapping, Plan plan) => plan.Consider(mapping));
        plan.Code.Clear();
        using SafeFileHandle pagemap = File.OpenHandle("/proc/self/pagemap");
        using SafeFileHandle file = File.OpenHandle(open);
        plan.ReadPagemap(pagemap);
        return plan.Advise(file).Data;
    }

    /// <summary>Present pages of [start, end) still the file's, as (address, length) runs, from /proc/self/pagemap.</summary>
    private static void AddFilePageRuns(SafeFileHandle pagemap, ulong start, ulong end, List<(ulong Address, ulong Length)> runs)
    {
        ulong pageSize = (ulong)Environment.SystemPageSize;
        byte[] entries = new byte[checked((int)((end - start) / pageSize) * sizeof(ulong))];
        if (RandomAccess.Read(pagemap, entries, (long)(start / pageSize * sizeof(ulong))) != entries.Length)
        {
            return;
        }

        foreach ((ulong first, ulong count) in FilePageRuns(entries))
        {
            runs.Add((start + (first * pageSize), count * pageSize));
        }
    }

    /// <summary>A private writable mapping of <paramref name="executable"/> (UTF-8).</summary>
    public static bool IsWritableDataOf(in ProcMaps.Mapping mapping, ReadOnlySpan<byte> executable) =>
        !executable.IsEmpty && mapping.Path.SequenceEqual(executable) && mapping.Permissions.SequenceEqual("rw-p"u8);

    /// <summary>Runs (first page, page count) of present pages that are still the file's, from pagemap entries (8 bytes each).</summary>
    public static IEnumerable<(ulong First, ulong Count)> FilePageRuns(byte[] entries)
    {
        ulong pages = (ulong)(entries.Length / sizeof(ulong));
        ulong runStart = 0, runLength = 0;
        for (ulong i = 0; i < pages; i++)
        {
            ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(entries.AsSpan((int)i * sizeof(ulong)));
            if ((entry & (PagePresent | PageFileOrShared)) == (PagePresent | PageFileOrShared))
            {
                runStart = runLength == 0 ? i : runStart;
                runLength++;
            }
            else if (runLength > 0)
            {
                yield return (runStart, runLength);
                runLength = 0;
            }
        }

        if (runLength > 0)
        {
            yield return (runStart, runLength);
        }
    }
}
