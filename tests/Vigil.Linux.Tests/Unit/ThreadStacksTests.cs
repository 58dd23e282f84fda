using System.Globalization;
using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Unit;

/// <summary>Thread stacks too small for a 2 MiB-aligned range, so no transparent huge page lands in one.</summary>
public sealed class ThreadStacksTests
{
    [Fact]
    public unsafe void SetDefault_ThenANewThreadsStackMapping_IsUnder2MiB()
    {
        Assert.True(ThreadStacks.SetDefault());
        ulong size = 0;
        var thread = new Thread(() =>
        {
            byte* here = stackalloc byte[16];
            ulong at = (ulong)here;
            foreach (string line in File.ReadLines("/proc/self/maps"))
            {
                string[] range = line.Split(' ', 2)[0].Split('-');
                ulong start = ulong.Parse(range[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                ulong end = ulong.Parse(range[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (at >= start && at < end)
                {
                    size = end - start;
                }
            }
        });
        thread.Start();
        thread.Join();

        Assert.InRange(size, 1UL, (2UL * 1024 * 1024) - 1);
    }
}
