using System.Net;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

public sealed class KernelVipsTests
{
    [Fact]
    public void Annotate_KeepsOnlyTheVipsTheKernelHasOnTheirInterface()
    {
        var status = new DaemonStatus
        {
            Instances =
            [
                new InstanceStatus
                {
                    Name = "VI_1",
                    State = "MASTER",
                    Config = new InstanceInfo { Interface = "eth0", Vips = ["192.0.2.100/24 dev eth0 scope global", "192.0.2.101 dev eth1 scope global", "2001:db8::1/64 dev eth0 scope global"] },
                    Counters = new InstanceCounters(),
                    Failovers = new FailoverStats(0, 0, null, [], []),
                },
            ],
        };
        (int, IPAddress)[] kernel = [(2, IPAddress.Parse("192.0.2.100")), (2, IPAddress.Parse("192.0.2.101")), (2, IPAddress.Parse("2001:db8::1"))];

        DaemonStatus annotated = KernelVips.Annotate(status, kernel, name => name == "eth0" ? 2 : name == "eth1" ? 3 : 0);

        Assert.Equal(["192.0.2.100/24 dev eth0 scope global", "2001:db8::1/64 dev eth0 scope global"], annotated.Instances[0].KernelVips);
    }
}
