using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>IFF_NOARP bookkeeping from link dumps and events: what the announcer consults before each GARP/NA.</summary>
public sealed class NoArpInterfacesTests
{
    private const uint NoArp = 0x80;

    [Fact]
    public void FollowsFlagChanges_RenamesAndDeletions()
    {
        var table = new NoArpInterfaces([new LinkInfo(2, "eth0", true, [], NoArp), new LinkInfo(3, "eth1", true, [])]);
        Assert.True(table.Contains("eth0"));
        Assert.False(table.Contains("eth1"));

        table.Update(new LinkInfo(3, "eth1", true, [], NoArp)); // ip link set eth1 arp off
        table.Update(new LinkInfo(2, "wan0", true, [], NoArp)); // eth0 renamed
        Assert.True(table.Contains("eth1"));
        Assert.True(table.Contains("wan0"));
        Assert.False(table.Contains("eth0"));

        table.Update(new LinkInfo(3, "eth1", true, [])); // arp on again
        table.Removed(2);
        Assert.False(table.Contains("eth1"));
        Assert.False(table.Contains("wan0"));
    }
}
