using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux.Memory;

/// <summary>
/// Unmaps the executable's and shared libraries' read-only pages once start-up is over. The kernel maps file pages
/// 64 KiB around every page fault (fault-around), so config parsing, command-line and start-up code, the unwind
/// tables read by the first GC and the libraries' start-up code stay resident for the life of the daemon.
/// MADV_DONTNEED on a private mapping that holds no copied-on-write page only drops page-table entries: the
/// pages stay in the page cache and whatever is still used is mapped back by a minor fault (microseconds, no
/// disk read). Writable mappings, and read-only ones with copied pages (RELRO after relocation), are never
/// touched: dropping those would lose data.
/// The mappings come from /proc/self/maps and their copied pages from /proc/self/pagemap, read through one stack
/// buffer: the trim runs after the start-up collection, so whatever it allocates stays resident in the GC's
/// allocation region until the next one. Parsing /proc/self/smaps line by line (about 25 lines a mapping) left
/// ≈ 1 MB there, most of an idle daemon's heap.
/// </summary>
public static partial class StartupPages
{
    private const ulong PageSwapped = 1UL << 62;

    /// <summary>
    /// Drops the executable's and libraries' read-only pages (MADV_DONTNEED) and pages out the executable's unwritten
    /// data (MADV_PAGEOUT, then read back into the page cache unmapped); returns the bytes of each; never throws.
    /// Everything is read and decided first and the advice comes last, data then code: pages that the work itself
    /// touches (the maps parser's code, the type data of its objects) would otherwise stay mapped, 64 KiB around each
    /// (≈ 270 KB of code and ≈ 180 KB of data in the LVS benchmark when the two ran one after the other).
    /// </summary>
    public static (long Code, long Data) ReleaseStartupPages()
    {
        try
        {
            var plan = new Plan(Executable());
            ProcMaps.ForEach("/proc/self/maps", plan, static (in ProcMaps.Mapping mapping, Plan plan) => plan.Consider(mapping));
            using SafeFileHandle pagemap = File.OpenHandle("/proc/self/pagemap");
            using SafeFileHandle file = File.OpenHandle("/proc/self/exe");
            plan.ReadPagemap(pagemap);
            return plan.Advise(file);
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }

    /// <summary>The mappings and runs <see cref="ReleaseStartupPages"/> will advise on, gathered before any advice.</summary>
    private sealed class Plan(byte[] executable)
    {
        public List<(ulong Start, ulong End)> Code { get; } = new(capacity: 32);

        private readonly List<(ulong Start, ulong End, long Offset)> _data = new(capacity: 4);
        private readonly List<(ulong Address, ulong Length)> _pageOut = new(capacity: 256);

        public void Consider(in ProcMaps.Mapping mapping)
        {
            if (IsReleasable(mapping, executable))
            {
                Code.Add((mapping.Start, mapping.End));
            }
            else if (IsWritableDataOf(mapping, executable))
            {
                _data.Add((mapping.Start, mapping.End, mapping.Offset));
            }
        }

        /// <summary>Keeps the code mappings without a copied page, and finds the data pages still the file's.</summary>
        public void ReadPagemap(SafeFileHandle pagemap)
        {
            Code.RemoveAll(range => HasCopiedPages(pagemap, range.Start, range.End));
            foreach ((ulong start, ulong end, _) in _data)
            {
                AddFilePageRuns(pagemap, start, end, _pageOut);
            }
        }

        public (long Code, long Data) Advise(SafeFileHandle file)
        {
            long data = 0, code = 0;
            foreach ((ulong address, ulong length) in _pageOut)
            {
                data += Interop.Libc.madvise((nint)address, (nuint)length, Interop.Libc.MADV_PAGEOUT) == 0 ? (long)length : 0;
            }

            foreach ((ulong start, ulong end, long offset) in _data)
            {
                _ = Interop.Libc.posix_fadvise(file, offset, (long)(end - start), Interop.Libc.POSIX_FADV_WILLNEED);
            }

            foreach ((ulong start, ulong end) in Code)
            {
                code += Interop.Libc.madvise((nint)start, (nuint)(end - start), Interop.Libc.MADV_DONTNEED) == 0 ? (long)(end - start) : 0;
            }

            return (code, data);
        }
    }

    /// <summary>A private, non-writable mapping of <paramref name="executable"/> (UTF-8) or of a shared library.</summary>
    public static bool IsReleasable(in ProcMaps.Mapping mapping, ReadOnlySpan<byte> executable) =>
        mapping.Permissions is [(byte)'r', (byte)'-', _, (byte)'p'] && IsOursOrALibrary(mapping.Path, executable);

    /// <summary>The executable's path as /proc/self/maps names it (UTF-8), empty when unknown.</summary>
    private static byte[] Executable() =>
        System.Text.Encoding.UTF8.GetBytes(File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: false)?.FullName ?? string.Empty);

    /// <summary>
    /// Whether any page of [start, end) is the process's own: present but not the file's (copied on write), or swapped
    /// out (only anonymous pages are). An unreadable pagemap counts as copied, so nothing is dropped on a doubt.
    /// </summary>
    private static bool HasCopiedPages(SafeFileHandle pagemap, ulong start, ulong end)
    {
        ulong pageSize = (ulong)Environment.SystemPageSize;
        Span<byte> chunk = stackalloc byte[4096];
        for (ulong page = start / pageSize; page < end / pageSize;)
        {
            int want = (int)Math.Min((ulong)chunk.Length, (end / pageSize - page) * sizeof(ulong));
            if (RandomAccess.Read(pagemap, chunk[..want], (long)(page * sizeof(ulong))) != want)
            {
                return true;
            }

            for (int i = 0; i < want; i += sizeof(ulong))
            {
                if (IsCopied(BinaryPrimitives.ReadUInt64LittleEndian(chunk[i..])))
                {
                    return true;
                }
            }

            page += (ulong)(want / sizeof(ulong));
        }

        return false;
    }

    /// <summary>A pagemap entry of a page that is not the file's: present and anonymous, or swapped out.</summary>
    public static bool IsCopied(ulong entry) =>
        (entry & PageSwapped) != 0 || (entry & (PagePresent | PageFileOrShared)) == PagePresent;

    /// <summary>
    /// The executable, or a shared library (libc, libm, libnss_*: ≈ 2.7 MB resident after start, much of it used only
    /// by start-up: name lookups, the loader). Their read-only pages are shared with every other process through the
    /// page cache, so dropping them from this process's page tables never costs a disk read.
    /// </summary>
    private static bool IsOursOrALibrary(ReadOnlySpan<byte> path, ReadOnlySpan<byte> executable) =>
        !executable.IsEmpty && (path.SequenceEqual(executable) || (path is [(byte)'/', ..] && path.IndexOf(".so"u8) >= 0));
}
