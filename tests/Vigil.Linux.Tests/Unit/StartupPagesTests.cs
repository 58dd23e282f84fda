using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

public sealed class StartupPagesTests
{
    private const string Executable = "/usr/sbin/vigil";

    private static string[] Mapping(string range, string permissions, string path, int anonymousKiB) =>
    [
        $"{range} {permissions} 00013000 fe:00 5400279                    {path}",
        "Size:               4780 kB",
        "Rss:                4460 kB",
        $"Anonymous:          {anonymousKiB} kB",
        "VmFlags: rd ex mr mw me",
    ];

    [Fact]
    public void ReleasableRanges_ReadOnlyAndCodeMappingsOfTheExecutableAndLibrariesWithoutCopiedPages_AreReleased()
    {
        string[] smaps =
        [
            .. Mapping("55dd792c2000-55dd792d5000", "r--p", Executable, 0),
            .. Mapping("55dd792d5000-55dd79780000", "r-xp", Executable, 0),
            .. Mapping("7f0000000000-7f0000001000", "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0),
        ];

        Assert.Equal(
            [(0x55dd792c2000UL, 0x55dd792d5000UL), (0x55dd792d5000UL, 0x55dd79780000UL), (0x7f0000000000UL, 0x7f0000001000UL)],
            StartupPages.ReleasableRanges(smaps, Executable));
    }

    [Theory]
    [InlineData("rw-p", Executable, 0)] // writable: its pages may hold data
    [InlineData("r--p", Executable, 8)] // RELRO after relocation: copied pages would be lost
    [InlineData("r--s", Executable, 0)] // shared mapping
    [InlineData("r--p", "/usr/lib/x86_64-linux-gnu/libc.so.6", 16)] // a library's RELRO
    [InlineData("r--p", "/usr/share/locale/locale-archive", 0)] // some other file: neither ours nor a library
    [InlineData("r-xp", "[vdso]", 0)]
    [InlineData("rw-p", "", 0)] // anonymous memory
    public void ReleasableRanges_WritableCopiedSharedOrForeignMappings_AreNeverReleased(string permissions, string path, int anonymousKiB)
    {
        Assert.Empty(StartupPages.ReleasableRanges(Mapping("7f0000000000-7f0000001000", permissions, path, anonymousKiB), Executable));
    }

    [Fact]
    public void ReleasableRanges_MappingWithoutAnonymousLine_IsNotReleased()
    {
        string[] smaps = ["55dd792d5000-55dd79780000 r-xp 00013000 fe:00 5400279 /usr/sbin/vigil", "Rss: 4 kB", "7f00-7f10 rw-p 0 00:00 0", "Anonymous: 0 kB"];
        Assert.Empty(StartupPages.ReleasableRanges(smaps, Executable));
    }

    [Fact]
    public void ReleaseExecutableMappings_InThisProcess_ReleasesTheHostsCodeAndTheProcessRunsOn()
    {
        // The test host is the dotnet executable: its code mapping qualifies, is dropped, and is faulted back in as it
        // runs on (this test returning, and the next one running, is the "runs on" half).
        long released = StartupPages.ReleaseExecutableMappings();
        Assert.True(released > 0, "the host executable's read-only, never-copied mappings should have been released");
        Assert.True(StartupPages.ReleaseExecutableMappings() > 0); // again: nothing was lost, the same mappings still qualify
    }
}
