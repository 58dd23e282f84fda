using Vigil.Config.Binding;

namespace Vigil.Config.Tests.Binding;

/// <summary>A hostile or mistaken file (megabytes of unknown words) gives a bounded list of diagnostics, not gigabytes (issue 11, item 22).</summary>
public sealed class DiagnosticLimitTests
{
    [Fact]
    public void Bind_TenMegabytesOfUnknownKeywords_StopsListingAfterTheLimit()
    {
        string text = string.Concat(Enumerable.Repeat("no_such_keyword_here 1\n", 10 << 20 >> 5));
        long before = GC.GetAllocatedBytesForCurrentThread();

        ConfigBindResult result = Conf.Bind(text);

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(result.Diagnostics.Count, 1000, 1002);
        Assert.Equal("too-many-diagnostics", result.Diagnostics[^1].Code);
        Assert.True(allocated < 400L << 20, $"{allocated >> 20} MiB allocated");
    }

    [Fact]
    public void Bind_SeqOfAMillionTimesFiveUnknownLines_IsBounded()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        ConfigBindResult result = Conf.Bind("~SEQ(i,1,1000000) ~SEQ(j,1,5) x");

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(result.Errors(), d => d.Code == "expansion-too-large");
        Assert.True(result.Diagnostics.Count <= 1002, $"{result.Diagnostics.Count} diagnostics");
        Assert.True(allocated < 1L << 30, $"{allocated >> 20} MiB allocated");
    }
}
