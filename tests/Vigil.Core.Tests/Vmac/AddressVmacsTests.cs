using System.Collections.Immutable;
using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Vmac;

namespace Vigil.Core.Tests.Vmac;

/// <summary>Which addresses get a VMAC of their own and its name, as keepalived 2.2.7's vrrp_complete_instance / create_vmac_name.</summary>
public class AddressVmacsTests
{
    private static readonly SourceRef s_at = SourceRef.None;

    private static AddressEntry Address(string ip, string? dev = null, bool useVmac = false) =>
        new(IPAddress.Parse(ip), ip.Contains(':', StringComparison.Ordinal) ? 64 : 24, s_at) { Device = dev, UseVmac = useVmac };

    private static VrrpInstance Instance(bool useVmac, bool useVmacAddr) => new("VI_1", s_at)
    {
        Interface = "eth0",
        VirtualRouterId = 51,
        UseVmac = useVmac ? new VmacSpec(null, null, s_at) : null,
        UseVmacAddress = useVmacAddr,
    };

    [Theory]
    [InlineData(false, false, "192.0.2.10", null, false, false)]
    [InlineData(false, true, "192.0.2.10", null, false, false)] // instance's family on its interface: as written
    [InlineData(false, true, "2001:db8::10", null, false, true)] // the other family
    [InlineData(false, true, "198.51.100.10", "eth1", false, true)] // another interface
    [InlineData(false, false, "198.51.100.10", "eth1", false, false)]
    [InlineData(false, false, "198.51.100.10", "eth1", true, true)] // the address's own use_vmac
    [InlineData(false, false, "192.0.2.10", "eth0", true, true)]
    [InlineData(true, false, "192.0.2.10", null, true, false)] // already on the instance's VMAC
    [InlineData(true, false, "2001:db8::10", null, false, false)]
    [InlineData(true, true, "2001:db8::10", "eth0", false, true)]
    public void Needs_FollowsKeepalivedsRule(bool useVmac, bool useVmacAddr, string ip, string? dev, bool addressUseVmac, bool expected) =>
        Assert.Equal(expected, AddressVmacs.Needs(Instance(useVmac, useVmacAddr), Address(ip, dev, addressUseVmac)));

    [Fact]
    public void Mac_FamilyByteAndVrid_OrTheWrittenOne()
    {
        Assert.Equal(new byte[] { 0, 0, 0x5e, 0, 2, 51 }, AddressVmacs.Mac(Instance(false, true), ipv6: true));
        VrrpInstance written = Instance(false, true) with { UseVmac = new VmacSpec(null, "02:00:00:00:00:07", s_at) };
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0, 7 }, AddressVmacs.Mac(written, ipv6: false));
    }

    [Fact]
    public void Name_SkipsTakenNamesInKeepalivedsOrderAndFitsFifteenCharacters()
    {
        ImmutableHashSet<string> taken = ["vrrp.51", "vrrp6.51", "vrrp1.51", "vrrp2.51", "vrrp3.51", "vrrp4.51", "vrrp5.51"];
        Assert.Equal("vrrp.52", AddressVmacs.Name("vrrp", 52, ipv6: false, taken.Contains));
        Assert.Equal("vrrp2.51", AddressVmacs.Name("vrrp", 51, ipv6: false, n => n is "vrrp.51" or "vrrp1.51"));
        Assert.Equal("vrrp6.51", AddressVmacs.Name("vrrp", 51, ipv6: true, n => n == "vrrp.51"));
        Assert.Equal("vrrp7.51", AddressVmacs.Name("vrrp", 51, ipv6: true, taken.Contains)); // 6, then 1…5, then 7: 6 is not tried twice
        Assert.Equal("averylongpr.200", AddressVmacs.Name("averylongprefix", 200, ipv6: false, _ => false));
    }
}
