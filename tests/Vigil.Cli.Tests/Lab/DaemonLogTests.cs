using Vigil.Lab.Nodes;

namespace Vigil.Cli.Tests.Lab;

/// <summary>The lab keeps the end of each `vigil run`'s log (its state comes from the control socket).</summary>
public sealed class DaemonLogTests
{
    [Fact]
    public void LastLine_NothingWrittenYet_IsNull()
    {
        Assert.Null(new DaemonLog().LastLine());
    }

    [Fact]
    public void Add_MoreThanCapacityLines_KeepsTheLastOnes()
    {
        var log = new DaemonLog();
        for (int i = 0; i < DaemonLog.Capacity + 10; i++)
        {
            log.Add("line " + i);
        }

        string[] lines = log.Text().Split('\n');
        Assert.Equal(DaemonLog.Capacity, lines.Length);
        Assert.Equal("line " + (DaemonLog.Capacity + 9), lines[^1]);
        Assert.Equal(lines[^1], log.LastLine());
    }
}
