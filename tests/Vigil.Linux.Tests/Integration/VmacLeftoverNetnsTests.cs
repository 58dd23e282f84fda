using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// VMACs left by a run that crashed (created here by hand before `vigil run`): as keepalived 2.2.7's
/// netlink_link_add_vmac and if_get_by_vmac, a private macvlan with the virtual MAC on the right interface is taken
/// over, another macvlan of that name is replaced, any other device of that name is refused and left alone; nothing
/// remains after the stop.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VmacLeftoverNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-vmac-left-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void UseVmac_MatchingVmacLeftByACrash_TakenOverWorksAndDeletedAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmlo");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        Leftover(a, "vrrp.51", a.Interface, "00:00:5e:00:01:33");
        string before = a.Ip("-o", "link", "show", "dev", "vrrp.51").Split(':')[0];

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", Config(a, "use_vmac"));
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VmacNetnsTests.VipOn(a, "vrrp.51"), "Vigil (MASTER) should put the VIP on the leftover vrrp.51", vigil);
            Assert.Equal(before, a.Ip("-o", "link", "show", "dev", "vrrp.51").Split(':')[0]); // the same device, not a new one
            Assert.Contains("taken over", vigil.StandardError, StringComparison.Ordinal);
            Assert.Contains("state UP", a.Ip("link", "show", "dev", "vrrp.51"), StringComparison.Ordinal);
            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.False(a.TryExec("ip", "link", "show", "dev", "vrrp.51").Succeeded, "the adopted VMAC must be deleted at stop");
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    /// <summary>
    /// All three VMACs of a use_vmac + use_vmac_addr instance were left: the address VMACs are found by base interface
    /// and MAC (keepalived's if_get_by_vmac), not created a second time under the next free name, where the kernel
    /// refuses a second private macvlan with the same MAC on the same interface.
    /// </summary>
    [SkippableFact]
    public void UseVmacAddr_AllVmacsLeftByACrash_TakenOverNoNewNameAllDeletedAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmla");
        (LabNode a, string uplink) = VmacNetnsTests.NodeWithUplink(lab);
        Leftover(a, "vrrp.51", a.Interface, "00:00:5e:00:01:33");
        Leftover(a, "vrrp1.51", uplink, "00:00:5e:00:01:33");
        Leftover(a, "vrrp6.51", a.Interface, "00:00:5e:00:02:33");
        string path = VmacNetnsTests.UseVmacAddrConfig(_directory, "vmac-addr.conf", a, uplink, 51, "");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", path);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VmacNetnsTests.VipOn(a, "vrrp.51"), "the instance's VIP on the leftover vrrp.51", vigil);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-4", "addr", "show", "dev", "vrrp1.51").StandardOutput.Contains("198.51.100.10/24", StringComparison.Ordinal),
                "the VIP on the uplink goes on the leftover vrrp1.51", vigil);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-6", "addr", "show", "dev", "vrrp6.51").StandardOutput.Contains("2001:db8::10/64", StringComparison.Ordinal),
                "the IPv6 address goes on the leftover vrrp6.51", vigil);
            Assert.False(a.TryExec("ip", "link", "show", "dev", "vrrp2.51").Succeeded, "no second VMAC with the same MAC");
            Assert.Null(vigil.WaitForExit(TimeSpan.Zero));
            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            foreach (string vmac in new[] { "vrrp.51", "vrrp1.51", "vrrp6.51" })
            {
                Assert.False(a.TryExec("ip", "link", "show", "dev", vmac).Succeeded, $"{vmac} must be deleted at stop");
            }

            Assert.DoesNotContain("macvlan", a.Ip("-d", "link", "show"), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    /// <summary>A macvlan with the VMAC's name but another MAC and mode (not keepalived's VMAC) is deleted and created right.</summary>
    [SkippableFact]
    public void UseVmac_MacvlanOfThatNameWithAnotherMacAndMode_Replaced()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmlr");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Ip("link", "add", "link", a.Interface, "name", "vrrp.51", "address", "02:00:00:00:00:51", "type", "macvlan", "mode", "bridge");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", Config(a, "use_vmac"));
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VmacNetnsTests.VipOn(a, "vrrp.51"), "the VIP on the replaced vrrp.51", vigil);
            string link = a.Ip("-d", "link", "show", "dev", "vrrp.51");
            Assert.Contains("link/ether 00:00:5e:00:01:33", link, StringComparison.Ordinal);
            Assert.Contains("macvlan mode private", link, StringComparison.Ordinal);
            Assert.Contains("deleted and created again", vigil.StandardError, StringComparison.Ordinal);
            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.False(a.TryExec("ip", "link", "show", "dev", "vrrp.51").Succeeded, "the VMAC must be deleted at stop");
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    /// <summary>A device of the VMAC's name that is no macvlan is never taken over nor deleted: the start fails, naming it.</summary>
    [SkippableFact]
    public void UseVmac_VethOfThatName_StartRefusedDeviceLeftAlone()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmld");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Ip("link", "add", "vrrp.51", "type", "veth", "peer", "name", lab.Prefix + "vp");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", Config(a, "use_vmac"));
        int? code = vigil.WaitForExit(TimeSpan.FromSeconds(20));
        output.WriteLine(vigil.StandardError);
        Assert.NotNull(code);
        Assert.NotEqual(0, code);
        Assert.Contains("vrrp.51 exists and is not a macvlan", vigil.StandardError, StringComparison.Ordinal);
        Assert.Contains("veth", a.Ip("-d", "link", "show", "dev", "vrrp.51"), StringComparison.Ordinal);
    }

    /// <summary>What a crashed run leaves: the private macvlan, up.</summary>
    private static void Leftover(LabNode node, string name, string lower, string mac)
    {
        node.Ip("link", "add", "link", lower, "name", name, "address", mac, "type", "macvlan", "mode", "private");
        node.Ip("link", "set", name, "up");
    }

    /// <summary>A MASTER, VRRPv3 multicast, advert_int 0.1, VRID 51, one VIP without a device.</summary>
    private string Config(LabNode node, params string[] extra) =>
        VmacNetnsTests.WriteConfig(_directory, "vigil.conf", string.Empty, node, "MASTER", 100, 51, [$"{VigilRunNetnsTests.Vip}/24"], extra);
}
