using Vigil.Lab.Nodes;

namespace Vigil.Cli.Tests.Lab;

/// <summary>The lab reads a node's state and priority from `vigil run`'s log lines.</summary>
public sealed class DaemonLogTests
{
    [Fact]
    public void Add_StartTransitionAndTrackerLines_StateAndEffectivePriorityFollow()
    {
        var log = new DaemonLog();
        log.Add("2026-11-25T21:00:00.000Z info: Vigil.Daemon[101] VI_1: on eth0 (index 2), VRID 51, VRRPv2, priority 100, advert_int 1s, source 192.0.2.2");
        Assert.Equal(100, log.Priority);

        log.Add("2026-11-25T21:00:00.010Z info: Vigil.Daemon[1001] VI_1: Initialize -> Master (Startup)");
        log.Add("2026-11-25T21:00:05.000Z info: Vigil.Daemon[3001] VI_1: chk_nginx failed: priority 100 -> 80");
        log.Add("2026-11-25T21:00:05.100Z info: Vigil.Daemon[1001] VI_1: Master -> Backup (HigherPriorityAdvert)");

        Assert.Equal("Backup", log.State);
        Assert.Equal(80, log.Priority);
        Assert.Equal("HigherPriorityAdvert", log.LastTransitionReason);
        Assert.Equal(["Initialize -> Master", "Master -> Backup"], log.Transitions());
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
    }
}
