using System.Text;
using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

public sealed class ProcMapsTests
{
    [Fact]
    public void TryParse_AFileMapping_AllFields()
    {
        Assert.True(ProcMaps.TryParse("7f0a1c000000-7f0a1c021000 r-xp 0001a000 fe:00 5400279                    /usr/lib/x86_64-linux-gnu/libc.so.6"u8, out ProcMaps.Mapping mapping));
        Assert.Equal(0x7f0a1c000000UL, mapping.Start);
        Assert.Equal(0x7f0a1c021000UL, mapping.End);
        Assert.Equal("r-xp", Encoding.ASCII.GetString(mapping.Permissions));
        Assert.Equal(0x1a000L, mapping.Offset);
        Assert.Equal("/usr/lib/x86_64-linux-gnu/libc.so.6", Encoding.UTF8.GetString(mapping.Path));
    }

    [Fact]
    public void TryParse_AnonymousMapping_EmptyPath()
    {
        Assert.True(ProcMaps.TryParse("01479000-014b6000 rw-p 00000000 00:00 0 "u8, out ProcMaps.Mapping mapping));
        Assert.True(mapping.Path.IsEmpty);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Rss:                4460 kB")] // an smaps field line
    [InlineData("7f00-7e00 r--p 0 00:00 0")] // end before start
    [InlineData("7f00-7f10 r--p")] // cut short
    [InlineData("7f00-7f1g r--p 0 00:00 0")]
    public void TryParse_NotAMapping_False(string line)
    {
        Assert.False(ProcMaps.TryParse(Encoding.UTF8.GetBytes(line), out _));
    }

    [Fact]
    public void ForEach_LinesAcrossTheBufferAndOneTooLong_EveryOtherLineOnceInOrder()
    {
        // 200 lines of ~80 bytes cross the 4 KiB buffer many times; one line of 5,000 bytes does not fit and is skipped;
        // the last line has no newline.
        var text = new StringBuilder();
        for (int i = 0; i < 200; i++)
        {
            text.Append($"{0x10000 + (i * 0x1000):x}-{0x11000 + (i * 0x1000):x} r--p 00000000 fe:00 {i} /usr/lib/lib{i}.so\n");
            if (i == 100)
            {
                text.Append($"f0000-f1000 r--p 00000000 fe:00 1 /{new string('x', 5000)}\n");
            }
        }

        text.Append("ff0000-ff1000 rw-p 00000000 00:00 0");
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, text.ToString());
            var starts = new List<ulong>();
            ProcMaps.ForEach(file, starts, static (in ProcMaps.Mapping mapping, List<ulong> list) => list.Add(mapping.Start));
            Assert.Equal([.. Enumerable.Range(0, 200).Select(i => (ulong)(0x10000 + (i * 0x1000))), 0xff0000UL], starts);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void ForEach_ThisProcess_SeesItsOwnExecutable()
    {
        string executable = File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: false)!.FullName;
        var paths = new List<string>();
        ProcMaps.ForEach("/proc/self/maps", paths, static (in ProcMaps.Mapping mapping, List<string> list) => list.Add(Encoding.UTF8.GetString(mapping.Path)));
        Assert.Contains(executable, paths);
        Assert.Equal(File.ReadLines("/proc/self/maps").Count(), paths.Count, tolerance: 16); // the process maps more as it runs
    }
}
