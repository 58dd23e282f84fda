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

    /// <summary>Reclaims the executable's unwritten data pages; returns the bytes advised (0 when none, or before Linux 5.4); never throws.</summary>
    public static long PageOutExecutableData()
    {
        try
        {
            return PageOutWritableData(Executable(), "/proc/self/exe");
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
    /// The work of <see cref="PageOutExecutableData"/> on the private writable mappings of <paramref name="mapped"/> (as
    /// /proc/self/maps names it), read back into the cache through <paramref name="open"/>; a test gives its own file.
    /// </summary>
    internal static long PageOutWritableData(byte[] mapped, string open)
    {
        long advised = 0;
        int pageSize = Environment.SystemPageSize;
        List<(ulong Start, ulong End, long Offset)> ranges = new(capacity: 4);
        ProcMaps.ForEach("/proc/self/maps", (mapped, ranges), static (in ProcMaps.Mapping mapping, (byte[] Mapped, List<(ulong, ulong, long)> Ranges) state) =>
        {
            if (IsWritableDataOf(mapping, state.Mapped))
            {
                state.Ranges.Add((mapping.Start, mapping.End, mapping.Offset));
            }
        });
        using SafeFileHandle pagemap = File.OpenHandle("/proc/self/pagemap");
        using SafeFileHandle file = File.OpenHandle(open);
        foreach ((ulong start, ulong end, long offset) in ranges)
        {
            ulong pages = (end - start) / (ulong)pageSize;
            byte[] entries = new byte[checked((int)pages * sizeof(ulong))];
            if (RandomAccess.Read(pagemap, entries, (long)(start / (ulong)pageSize * sizeof(ulong))) != entries.Length)
            {
                continue;
            }

            foreach ((ulong first, ulong count) in FilePageRuns(entries))
            {
                nint address = (nint)(start + (first * (ulong)pageSize));
                if (Interop.Libc.madvise(address, (nuint)(count * (ulong)pageSize), Interop.Libc.MADV_PAGEOUT) == 0)
                {
                    advised += (long)count * pageSize;
                }
            }

            _ = Interop.Libc.posix_fadvise(file, offset, (long)(end - start), Interop.Libc.POSIX_FADV_WILLNEED);
        }

        return advised;
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
