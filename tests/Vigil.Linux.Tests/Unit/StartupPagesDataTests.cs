using System.IO.MemoryMappedFiles;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

public sealed class StartupPagesDataTests
{
    private const string Executable = "/usr/sbin/vigil";
    private const ulong Present = 1UL << 63;
    private const ulong FilePage = 1UL << 61;

    [Theory]
    [InlineData("00400000-00405000 r--p 00000000 fe:00 11658638 /usr/sbin/vigil", false)]
    [InlineData("00405000-00b58000 r-xp 00005000 fe:00 11658638 /usr/sbin/vigil", false)]
    [InlineData("00fc3000-01479000 rw-p 00bc2000 fe:00 11658638 /usr/sbin/vigil", true)]
    [InlineData("01479000-014b6000 rw-p 00000000 00:00 0", false)]
    [InlineData("7f0000000000-7f0000001000 rw-s 00000000 fe:00 11658638 /usr/sbin/vigil", false)]
    [InlineData("7f0000001000-7f0000002000 rw-p 00000000 fe:00 42 /usr/lib/x86_64-linux-gnu/libc.so.6", false)]
    public void IsWritableDataOf_OnlyTheExecutablesPrivateWritableMappings(string line, bool data)
    {
        Assert.True(ProcMaps.TryParse(Encoding.UTF8.GetBytes(line), out ProcMaps.Mapping mapping));
        Assert.Equal(data, StartupPages.IsWritableDataOf(mapping, Encoding.UTF8.GetBytes(Executable)));
    }

    [Fact]
    public void FilePageRuns_PresentFilePagesOnly_CopiedAndAbsentPagesSplitTheRuns()
    {
        ulong[] pages =
        [
            Present | FilePage, Present | FilePage, // run 0..1
            Present, // copied on write (anonymous): kept
            0, // not present
            Present | FilePage, // run 4
            FilePage, // swapped/not present
            Present | FilePage, Present | FilePage, Present | FilePage, // run 6..8, to the end
        ];

        Assert.Equal([(0UL, 2UL), (4UL, 1UL), (6UL, 3UL)], StartupPages.FilePageRuns(Entries(pages)));
    }

    [Fact]
    public void FilePageRuns_NoFilePage_NoRun()
    {
        Assert.Empty(StartupPages.FilePageRuns(Entries([Present, 0, Present])));
    }

    [Fact]
    public unsafe void PageOutWritableData_AFilesPrivateWritableMapping_ItsUnwrittenPagesLeaveTheProcessAndAWrittenOneStays()
    {
        // The trim's routine on a file of our own, mapped as the executable's data is (rw-p, copy on write): every page
        // read (resident, still the file's), one written (copied). Afterwards the read pages are no longer mapped in,
        // the copied page is and keeps what was written, and the mapping still reads the file's bytes.
        const int Pages = 1024; // 4 MiB with 4 KiB pages: two huge-page-sized ranges
        int pageSize = Environment.SystemPageSize;
        DirectoryInfo directory = Directory.CreateTempSubdirectory("vigil-pages-");
        string path = Path.Combine(directory.FullName, "data");
        try
        {
            byte[] content = new byte[Pages * pageSize];
            new Random(7).NextBytes(content);
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true); // clean page-cache pages: reclaim never waits for writeback
            }

            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.CopyOnWrite);
            using MemoryMappedViewAccessor view = file.CreateViewAccessor(0, content.Length, MemoryMappedFileAccess.CopyOnWrite);
            byte* mapping = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref mapping);
            try
            {
                mapping += view.PointerOffset;
                mapping[0] = (byte)~content[0]; // first: copying a page of a huge-page-mapped range would unmap the rest of it
                int sum = 0;
                for (int page = 0; page < Pages; page++)
                {
                    sum += mapping[page * pageSize];
                }

                Assert.True(sum >= 0);
                Assert.Equal(Pages, ResidentPages(mapping, Pages));

                long advised = StartupPages.PageOutWritableData(Encoding.UTF8.GetBytes(path), path);

                Assert.Equal((Pages - 1L) * pageSize, advised);
                Assert.True(ResidentPages(mapping, Pages) < Pages / 4, $"{ResidentPages(mapping, Pages)} of {Pages} pages still resident");
                Assert.Equal((byte)~content[0], mapping[0]);
                Assert.Equal(content[(Pages / 2 * pageSize) + 1], mapping[(Pages / 2 * pageSize) + 1]);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>How many of the pages from <paramref name="start"/> are mapped in (present in /proc/self/pagemap).</summary>
    private static unsafe int ResidentPages(byte* start, int pages)
    {
        byte[] entries = new byte[pages * sizeof(ulong)];
        using SafeFileHandle pagemap = File.OpenHandle("/proc/self/pagemap");
        Assert.Equal(entries.Length, RandomAccess.Read(pagemap, entries, (long)((ulong)start / (ulong)Environment.SystemPageSize * sizeof(ulong))));
        return Enumerable.Range(0, pages).Count(i => (BitConverter.ToUInt64(entries, i * sizeof(ulong)) & Present) != 0);
    }

    private static byte[] Entries(ulong[] pages) => pages.SelectMany(BitConverter.GetBytes).ToArray();
}
