using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

public sealed class StartupPagesDataTests
{
    private const string Executable = "/usr/sbin/vigil";
    private const ulong Present = 1UL << 63;
    private const ulong FilePage = 1UL << 61;

    [Fact]
    public void WritableRanges_OnlyTheExecutablesPrivateWritableMappings()
    {
        string[] maps =
        [
            "00400000-00405000 r--p 00000000 fe:00 11658638 /usr/sbin/vigil",
            "00405000-00b58000 r-xp 00005000 fe:00 11658638 /usr/sbin/vigil",
            "00fc3000-01479000 rw-p 00bc2000 fe:00 11658638 /usr/sbin/vigil",
            "01479000-014b6000 rw-p 00000000 00:00 0",
            "7f0000000000-7f0000001000 rw-s 00000000 fe:00 11658638 /usr/sbin/vigil",
            "7f0000001000-7f0000002000 rw-p 00000000 fe:00 42 /usr/lib/x86_64-linux-gnu/libc.so.6",
        ];

        Assert.Equal([(0xfc3000UL, 0x1479000UL, 0xbc2000L)], StartupPages.WritableRanges(maps, Executable));
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
    public void PageOutExecutableData_InThisProcess_NeverThrowsAndTheProcessRunsOn()
    {
        // The test host (a PIE dotnet) has relocated, copied data pages; whatever is still the file's is reclaimed
        // without losing a write, and a second call finds at most what was read back since.
        Assert.True(StartupPages.PageOutExecutableData() >= 0);
        Assert.True(StartupPages.PageOutExecutableData() >= 0);
    }

    private static byte[] Entries(ulong[] pages) => pages.SelectMany(BitConverter.GetBytes).ToArray();
}
