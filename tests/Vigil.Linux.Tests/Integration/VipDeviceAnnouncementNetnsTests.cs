using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// A VIP with <c>dev OTHER</c> is announced on OTHER with OTHER's MAC, as keepalived 2.2.7 does (vrrp_arp.c and
/// vrrp_ndisc.c send on the address's own interface), never on the instance's interface: the takeover burst and the
/// garp_master_refresh repeats alike, gratuitous ARPs and unsolicited NAs alike. With use_vmac the VIPs without a
/// device, or naming the instance's own interface, follow the VMAC (its virtual MAC) when of the instance's family,
/// an excluded one of the other family stays on the instance's interface (keepalived's vrrp_complete_instance), and
/// the 'dev OTHER' one stays on OTHER with OTHER's own MAC.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VipDeviceAnnouncementNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const ushort EtherTypeAll = 0x0003;
    private static readonly byte[] s_vipOwn = [192, 0, 2, 100];
    private static readonly byte[] s_vipOther = [198, 51, 100, 100];
    private static readonly byte[] s_vipOther6 = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64]; // 2001:db8:1::64
    private static readonly byte[] s_vipOwnNamed = [203, 0, 113, 100]; // 'dev' naming the instance's interface
    private static readonly byte[] s_vipOwn6 = [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64]; // 2001:db8:2::64, no 'dev'
    private static readonly byte[] s_vmac = [0x00, 0x00, 0x5e, 0x00, 0x01, 51];
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-vip-dev-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void VipOnAnotherDevice_GarpsAndNasLeaveThatDeviceWithItsMac_IncludingRefreshes_NeverTheInstanceInterface(bool useVmac)
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create(useVmac ? "vdevm" : "vdev");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        // A second wire from a to b that carries nothing but what a sends on vgd0.
        a.Ip("link", "add", "vgd0", "type", "veth", "peer", "name", "vgd1", "netns", b.Namespace);
        a.Ip("link", "set", "vgd0", "up");
        b.Ip("link", "set", "vgd1", "up");
        byte[] otherMac = a.HardwareAddress("vgd0");
        byte[] baseMac = a.HardwareAddress();
        byte[] ownMac = useVmac ? s_vmac : baseMac;
        string conf = Path.Combine(_directory, "vigil.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                {{(useVmac ? "use_vmac" : "")}}
                garp_master_delay 0
                garp_master_repeat 2
                garp_master_refresh 1
                virtual_ipaddress {
                    192.0.2.100/24
                    198.51.100.100/24 dev vgd0
                    203.0.113.100/24 dev {{a.Interface}}
                }
                virtual_ipaddress_excluded {
                    2001:db8:1::64/64 dev vgd0
                    2001:db8:2::64/64
                }
            }

            """);
        using FrameCapture onOther = b.InNamespace(() => FrameCapture.OpenOn(EtherTypeAll, "vgd1"));
        using FrameCapture onInstance = b.InNamespace(() => FrameCapture.OpenOn(EtherTypeAll, b.Interface));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
            () => a.TryExec("ip", "-br", "addr", "show", "dev", "vgd0") is { Succeeded: true } r && r.StandardOutput.Contains("198.51.100.100/24", StringComparison.Ordinal),
            "the VIP with dev vgd0 should be added on vgd0", vigil);
        // Takeover burst (2 each) plus garp_master_refresh every second.
        List<byte[]> other = onOther.Collect(TimeSpan.FromSeconds(2.6));
        List<byte[]> instance = onInstance.Collect(TimeSpan.FromSeconds(0.4)); // its backlog holds everything since the start

        int garpsOther = other.Count(f => IsGarp(f, s_vipOther, otherMac));
        int nasOther = other.Count(f => IsNa(f, s_vipOther6, otherMac));
        int garpsOwn = instance.Count(f => IsGarp(f, s_vipOwn, ownMac));
        int garpsOwnNamed = instance.Count(f => IsGarp(f, s_vipOwnNamed, ownMac));
        int nasOwn = instance.Count(f => IsNa(f, s_vipOwn6, baseMac));
        output.WriteLine($"vgd1 (vgd0's wire): {garpsOther} GARPs for 198.51.100.100 and {nasOther} NAs for 2001:db8:1::64 from vgd0's MAC; "
            + $"instance wire: {garpsOwn} GARPs for 192.0.2.100 and {garpsOwnNamed} for 203.0.113.100 from {Convert.ToHexString(ownMac)}, "
            + $"{nasOwn} NAs for 2001:db8:2::64 from {Convert.ToHexString(baseMac)}");
        Assert.True(garpsOther >= 3, $"the VIP on vgd0 should be announced on vgd0 with its MAC (burst of 2 + refreshes), saw {garpsOther}\n{vigil.StandardError}");
        Assert.True(nasOther >= 3, $"the IPv6 address on vgd0 should be announced on vgd0 with its MAC (burst of 2 + refreshes), saw {nasOther}\n{vigil.StandardError}");
        Assert.True(garpsOwn >= 2, $"the VIP without a device should be announced on the instance's {(useVmac ? "VMAC" : "interface")}, saw {garpsOwn}\n{vigil.StandardError}");
        Assert.True(garpsOwnNamed >= 2, $"the VIP naming the instance's interface should be announced on the instance's {(useVmac ? "VMAC" : "interface")}, saw {garpsOwnNamed}\n{vigil.StandardError}");
        Assert.True(nasOwn >= 2, $"the excluded IPv6 address without a device should be announced on the instance's interface with its own MAC, saw {nasOwn}\n{vigil.StandardError}");
        if (useVmac)
        {
            Assert.Contains("203.0.113.100/24", a.Ip("-br", "addr", "show", "dev", "vrrp.51"), StringComparison.Ordinal);
            Assert.Contains("2001:db8:2::64/64", a.Ip("-br", "addr", "show", "dev", a.Interface), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(instance, f => IsArpFor(f, s_vipOther) || IsNaFor(f, s_vipOther6));
        Assert.DoesNotContain(other, f => IsArpFor(f, s_vipOwn) || IsArpFor(f, s_vipOwnNamed) || IsNaFor(f, s_vipOwn6));
        Assert.DoesNotContain(other, f => IsArpFor(f, s_vipOther) && !IsGarp(f, s_vipOther, otherMac)); // never the instance's MAC
    }

    // ARP: EtherType at 12, sender MAC at 22, sender IP at 28; the Ethernet source at 6.
    private static bool IsArpFor(byte[] frame, byte[] address) =>
        frame.Length >= 42 && frame[12] == 0x08 && frame[13] == 0x06 && frame.AsSpan(28, 4).SequenceEqual(address);

    private static bool IsGarp(byte[] frame, byte[] address, byte[] mac) =>
        IsArpFor(frame, address) && frame.AsSpan(6, 6).SequenceEqual(mac) && frame.AsSpan(22, 6).SequenceEqual(mac);

    // IPv6 next header at 20; ICMPv6 at 54: type 136 (NA), target at 62, target link-layer option's MAC at 80.
    private static bool IsNaFor(byte[] frame, byte[] address) =>
        frame.Length >= 86 && frame[12] == 0x86 && frame[13] == 0xDD && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(address);

    private static bool IsNa(byte[] frame, byte[] address, byte[] mac) =>
        IsNaFor(frame, address) && frame.AsSpan(6, 6).SequenceEqual(mac) && frame.AsSpan(80, 6).SequenceEqual(mac);
}
