using System.Text;
using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

public sealed class StartupPagesTests
{
    private const string Executable = "/usr/sbin/vigil";

    private const ulong Present = 1UL << 63;
    private const ulong Swapped = 1UL << 62;
    private const ulong FilePage = 1UL << 61;

    private static bool Releasable(string range, string permissions, string path)
    {
        Assert.True(ProcMaps.TryParse(Encoding.UTF8.GetBytes($"{range} {permissions} 00013000 fe:00 5400279                    {path}"), out ProcMaps.Mapping mapping));
        return StartupPages.IsReleasable(mapping, Encoding.UTF8.GetBytes(Executable));
    }

    [Theory]
    [InlineData("55dd792c2000-55dd792d5000", "r--p", Executable)]
    [InlineData("55dd792d5000-55dd79780000", "r-xp", Executable)]
    [InlineData("7f0000000000-7f0000001000", "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6")]
    public void IsReleasable_ReadOnlyAndCodeMappingsOfTheExecutableAndLibraries(string range, string permissions, string path)
    {
        Assert.True(Releasable(range, permissions, path));
    }

    [Theory]
    [InlineData("rw-p", Executable)] // writable: its pages may hold data
    [InlineData("r--s", Executable)] // shared mapping
    [InlineData("r--p", "/usr/share/locale/locale-archive")] // some other file: neither ours nor a library
    [InlineData("r--p", Executable + ".old")] // another file whose name starts as ours
    [InlineData("r-xp", "[vdso]")]
    [InlineData("rw-p", "")] // anonymous memory
    public void IsReleasable_WritableSharedOrForeignMappings_Never(string permissions, string path)
    {
        Assert.False(Releasable("7f0000000000-7f0000001000", permissions, path));
    }

    [Theory]
    [InlineData(Present | FilePage, false)] // the file's page, mapped
    [InlineData(0UL, false)] // not present
    [InlineData(FilePage, false)] // the file's, not mapped
    [InlineData(Present, true)] // copied on write (RELRO after relocation): dropping it would lose the copy
    [InlineData(Swapped, true)] // a copied page swapped out
    public void IsCopied_OnlyPagesThatAreNotTheFiles(ulong entry, bool copied)
    {
        Assert.Equal(copied, StartupPages.IsCopied(entry));
    }

    [Fact]
    public void ReleaseStartupPages_AllocatesLittle_SoTheTrimDoesNotRefillTheHeapItJustEmptied()
    {
        // The trim runs right after the start-up collection: what it allocates stays resident until the next one.
        // Parsing /proc/self/smaps allocated about 1 MB in the daemon (and more in this test host, which maps more), and
        // /proc/self/maps by lines and Split ≈ 120 KB in the LVS benchmark; now a few small objects, whatever the mappings.
        StartupPages.ReleaseStartupPages(); // first call: type initialisation and the like
        long before = GC.GetAllocatedBytesForCurrentThread();
        StartupPages.ReleaseStartupPages();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // What is left: the lists of ranges, and 8 bytes of pagemap a page of the executable's data (10 KB for vigil's).
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes allocated for {File.ReadLines("/proc/self/maps").Count()} mappings");
    }

    [Fact]
    public void ReleaseStartupPages_InThisProcess_ReleasesTheHostsCodeAndTheProcessRunsOn()
    {
        // The test host is the dotnet executable: its code mapping qualifies, is dropped, and is faulted back in as it
        // runs on (this test returning, and the next one running, is the "runs on" half).
        long released = StartupPages.ReleaseStartupPages().Code;
        Assert.True(released > 0, "the host executable's read-only, never-copied mappings should have been released");
        Assert.True(StartupPages.ReleaseStartupPages().Code > 0); // again: nothing was lost, the same mappings still qualify
    }
}
