using Vigil.Config.Model;
using Vigil.Core.Linkbeat;

namespace Vigil.Core.Tests.Linkbeat;

/// <summary>keepalived 2.2.7's linkbeat method choice and polling (vrrp_if.c init_linkbeat_status, if_linkbeat_refresh_thread).</summary>
public sealed class LinkbeatPollTests
{
    [Theory]
    [InlineData(LinkbeatMethod.Mii, 1, 1, LinkbeatMethod.Mii)]
    [InlineData(LinkbeatMethod.Mii, -1, 1, LinkbeatMethod.Ethtool)] // a veth: no MII registers
    [InlineData(LinkbeatMethod.Mii, -1, -1, LinkbeatMethod.Ioctl)]
    [InlineData(LinkbeatMethod.Ethtool, 1, 1, LinkbeatMethod.Ethtool)]
    [InlineData(LinkbeatMethod.Ethtool, 1, -1, LinkbeatMethod.Mii)]
    [InlineData(LinkbeatMethod.Ethtool, -1, -1, LinkbeatMethod.Ioctl)]
    [InlineData(LinkbeatMethod.Ioctl, 1, 1, LinkbeatMethod.Ioctl)]
    public void Poll_FirstPoll_PicksTheConfiguredMethodElseFallsBack(LinkbeatMethod configured, int mii, int ethtool, LinkbeatMethod expected)
    {
        var probes = new Probes { MiiStatus = mii, EthtoolStatus = ethtool };
        var poll = new LinkbeatPoll("eth0", configured);

        Assert.True(poll.Poll(probes, exists: true));
        Assert.Equal(expected, poll.InUse);
    }

    [Fact]
    public void Poll_EthtoolSaysDown_DownWithoutAskingTheFlags()
    {
        var probes = new Probes { MiiStatus = -1, EthtoolStatus = 1 };
        var poll = new LinkbeatPoll("eth0", LinkbeatMethod.Ethtool);
        Assert.True(poll.Poll(probes, exists: true));

        probes.EthtoolStatus = 0;
        probes.FlagsCalls = 0;
        Assert.False(poll.Poll(probes, exists: true));
        Assert.Equal(0, probes.FlagsCalls);
    }

    [Fact]
    public void Poll_MethodSaysUpFlagsSayNotRunning_Down()
    {
        var probes = new Probes { MiiStatus = 1, EthtoolStatus = 1, Up = false };
        var poll = new LinkbeatPoll("eth0", LinkbeatMethod.Mii);

        Assert.False(poll.Poll(probes, exists: true));
        probes.Up = true;
        Assert.True(poll.Poll(probes, exists: true));
    }

    [Fact]
    public void Poll_MethodFailsAfterBeingPicked_KeptAndTheFlagsDecide()
    {
        var probes = new Probes { MiiStatus = -1, EthtoolStatus = 1 };
        var poll = new LinkbeatPoll("eth0", LinkbeatMethod.Ethtool);
        Assert.True(poll.Poll(probes, exists: true));

        probes.EthtoolStatus = -1;
        Assert.True(poll.Poll(probes, exists: true));
        Assert.Equal(LinkbeatMethod.Ethtool, poll.InUse);
    }

    [Fact]
    public void Poll_InterfaceMissing_DownAndMethodPickedAgainWhenBack()
    {
        var probes = new Probes { MiiStatus = -1, EthtoolStatus = 1 };
        var poll = new LinkbeatPoll("eth0", LinkbeatMethod.Mii);
        Assert.True(poll.Poll(probes, exists: true));

        Assert.False(poll.Poll(probes, exists: false));
        Assert.Null(poll.InUse);
        probes.MiiStatus = 1;
        Assert.True(poll.Poll(probes, exists: true));
        Assert.Equal(LinkbeatMethod.Mii, poll.InUse);
    }

    private sealed class Probes : ILinkProbes
    {
        public int MiiStatus { get; set; }

        public int EthtoolStatus { get; set; }

        public bool Up { get; set; } = true;

        public int FlagsCalls { get; set; }

        public int Mii(string name) => MiiStatus;

        public int Ethtool(string name) => EthtoolStatus;

        public bool Flags(string name)
        {
            FlagsCalls++;
            return Up;
        }
    }
}
