using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>
/// The VRF of each interface as keepalived 2.2.7 keeps it (vrf_master_ifp from IFLA_MASTER, a master counting when its
/// kind is "vrf"), and the change that moves an interface's VMACs along (update_vmac_vrfs).
/// </summary>
public sealed class VrfMembershipTests
{
    private static readonly LinkInfo s_vrf = Link(7, "vrfblue") with { Kind = LinkKind.Vrf };
    private static readonly LinkInfo s_bridge = Link(8, "br0") with { Kind = LinkKind.Other };
    private readonly List<(string Name, int Vrf)> _changes = [];

    [Fact]
    public void Start_SlaveListedBeforeItsVrf_IsInTheVrfAndABridgePortIsNot()
    {
        var vrfs = new VrfMembership([Link(5, "eth0") with { MasterIndex = 7 }, s_vrf, Link(6, "eth1") with { MasterIndex = 8 }, s_bridge], Record);

        Assert.Equal((7, 0, 0), (vrfs.VrfOf(5), vrfs.VrfOf(6), vrfs.VrfOf(9)));
        Assert.Empty(_changes);
    }

    [Fact]
    public void Update_EnslavedLaterThenFreed_EachChangeReportedOnce()
    {
        var vrfs = new VrfMembership([Link(5, "eth0"), s_vrf], Record);

        vrfs.Update(Link(5, "eth0") with { MasterIndex = 7 });
        vrfs.Update(Link(5, "eth0", up: false) with { MasterIndex = 7 }); // another change of the same link: same VRF
        vrfs.Update(Link(5, "eth0"));

        Assert.Equal([("eth0", 7), ("eth0", 0)], _changes);
        Assert.Equal(0, vrfs.VrfOf(5));
    }

    [Fact]
    public void Update_VrfCreatedWhileRunning_ItsSlavesCount_ABridgeNever()
    {
        var vrfs = new VrfMembership([Link(5, "eth0"), Link(6, "eth1"), s_bridge], Record);

        vrfs.Update(Link(9, "vrfred") with { Kind = LinkKind.Vrf });
        vrfs.Update(Link(5, "eth0") with { MasterIndex = 9 });
        vrfs.Update(Link(6, "eth1") with { MasterIndex = 8 });
        vrfs.Removed(9);
        vrfs.Update(Link(5, "eth0") with { MasterIndex = 9 }); // a stale notification after the VRF is gone

        Assert.Equal([("eth0", 9), ("eth0", 0)], _changes);
    }

    private static LinkInfo Link(int index, string name, bool up = true) => new(index, name, up, []);

    private void Record(LinkInfo link, int vrf) => _changes.Add((link.Name, vrf));
}
