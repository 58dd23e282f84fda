using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// use_vmac / vmac_xmit_base under `vigil run`, in lab namespaces, against keepalived 2.2.7 as the peer: the
/// macvlan (mode private) named and addressed as keepalived does, the VIP on it, adverts leaving from the virtual
/// MAC (or the base interface's with vmac_xmit_base), keepalived's ARP sysctls, everything removed at stop.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VmacNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] s_vmac4 = [0x00, 0x00, 0x5e, 0x00, 0x01, 51];
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-vmac-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void UseVmac_VigilMaster_MacvlanWithVirtualMacHoldsVipAdvertsFromItKeepalivedStaysBackupAllRemovedAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create("vmac");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string vigilConf = Config("vigil.conf", a, "MASTER", 100, "use_vmac");
        string keepalivedConf = Config("keepalived.conf", b, "BACKUP", 90);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0800));
        using FrameCapture arp = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", vigilConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vrrp.51"), "Vigil (MASTER) should put the VIP on vrrp.51", vigil);
        using KeepalivedProcess keepalived = KeepalivedProcess.Start(b, keepalivedConf, _directory);
        try
        {
            string link = a.Ip("-d", "link", "show", "dev", "vrrp.51");
            output.WriteLine(link);
            Assert.Contains($"vrrp.51@{a.Interface}", link, StringComparison.Ordinal);
            Assert.Contains("link/ether 00:00:5e:00:01:33", link, StringComparison.Ordinal);
            Assert.Contains("macvlan mode private", link, StringComparison.Ordinal);
            Assert.DoesNotContain(VigilRunNetnsTests.Vip, a.Ip("-4", "addr", "show", "dev", a.Interface), StringComparison.Ordinal);
            Assert.Equal(("1", "1", "0", "1"), (Sysctl(a, "vrrp.51", "arp_ignore"), Sysctl(a, "vrrp.51", "accept_local"), Sysctl(a, "vrrp.51", "rp_filter"), Sysctl(a, "vrrp.51", "promote_secondaries")));
            Assert.Equal(("1", "1"), (Sysctl(a, a.Interface, "arp_ignore"), Sysctl(a, a.Interface, "arp_filter")));

            // Ethernet source at 6, IPv4 protocol (112 = VRRP) at 23, source address at 26.
            byte[]? advert = capture.WaitFor(frame => frame.Length > 34 && frame[23] == 112 && frame.AsSpan(26, 4).SequenceEqual(new byte[] { 192, 0, 2, 1 }));
            Assert.NotNull(advert);
            Assert.Equal(s_vmac4, advert.AsSpan(6, 6).ToArray());

            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => keepalived.Log.Contains("Entering BACKUP STATE", StringComparison.Ordinal),
                "keepalived should start as BACKUP", vigil, keepalived.Output);
            Thread.Sleep(1000); // ~10 adverts
            Assert.DoesNotContain("Entering MASTER STATE", keepalived.Log, StringComparison.Ordinal);
            Assert.True(keepalived.Complaints().Count == 0, "keepalived rejected Vigil's adverts:\n" + string.Join('\n', keepalived.Complaints()));
            // The clients' view: the gratuitous ARPs and the VIP's ARP replies carry the virtual MAC, not the base
            // interface's. (a knows b's MAC first: its own ARP request for b, sourced from the VIP, would teach b the base MAC.)
            byte[]? garp = arp.WaitFor(frame => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 }));
            Assert.NotNull(garp);
            Assert.Equal(s_vmac4, garp.AsSpan(6, 6).ToArray()); // Ethernet source
            Assert.Equal(s_vmac4, garp.AsSpan(22, 6).ToArray()); // ARP sender hardware address
            b.Ip("neigh", "flush", "dev", b.Interface);
            a.Exec("ping", "-c", "1", "-W", "2", "192.0.2.2");
            b.Exec("ping", "-c", "1", "-W", "2", VigilRunNetnsTests.Vip);
            Assert.Contains("00:00:5e:00:01:33", b.Ip("neigh", "show", VigilRunNetnsTests.Vip), StringComparison.Ordinal);

            var handover = Stopwatch.StartNew();
            vigil.Terminate();
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => VigilRunNetnsTests.HasVip(b), "after SIGTERM of Vigil, keepalived should take the VIP", vigil, keepalived.Output);
            output.WriteLine($"SIGTERM of Vigil → VIP on keepalived: {handover.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.False(a.TryExec("ip", "link", "show", "dev", "vrrp.51").Succeeded, "the VMAC must be deleted at stop");
            Assert.Equal(("0", "0"), (Sysctl(a, a.Interface, "arp_ignore"), Sysctl(a, a.Interface, "arp_filter")));
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
            output.WriteLine(keepalived.Log);
        }
    }

    /// <summary>
    /// Both nodes with use_vmac: the master's adverts leave from 00:00:5e:00:01:VRID, which is also the MAC of the
    /// backup's own VMAC, and macvlan then delivers them to that VMAC only. Vigil listened on the base interface and
    /// never heard them: it became a second master (split brain, found in the lvs-guest VRF case).
    /// </summary>
    [SkippableFact]
    public void UseVmacOnBoth_VigilBackupHearsKeepalivedMasterThroughItsVmacThenTakesOverWhenItStops()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create("vmbk");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string vigilConf = Config("vigil.conf", a, "BACKUP", 90, "use_vmac");
        string keepalivedConf = Config("keepalived.conf", b, "MASTER", 100, "use_vmac");
        using KeepalivedProcess keepalived = KeepalivedProcess.Start(b, keepalivedConf, _directory);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => keepalived.Log.Contains("Entering MASTER STATE", StringComparison.Ordinal),
            "keepalived should become MASTER", keepalived.Output);
        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", vigilConf);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => a.TryExec("ip", "link", "show", "dev", "vrrp.51").Succeeded, "Vigil should create its VMAC", vigil);
            Thread.Sleep(2000); // Master_Down_Interval is about 0.35 s: six of them
            Assert.DoesNotContain("BACKUP -> MASTER", vigil.StandardError.ToUpperInvariant(), StringComparison.Ordinal);
            Assert.False(VipOn(a, "vrrp.51"), "Vigil (BACKUP) must hear keepalived's adverts and hold no VIP");

            keepalived.Stop();
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => VipOn(a, "vrrp.51"), "after keepalived stops, Vigil should take the VIP on vrrp.51", vigil, keepalived.Output);
            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
            output.WriteLine(keepalived.Log);
        }
    }

    [SkippableFact]
    public void UseVmacNamedWithXmitBase_VipOnTheNamedVmacAdvertsFromTheBaseMac()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmxb");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = Config("vigil.conf", a, "MASTER", 100, "use_vmac vg-vip", "vmac_xmit_base");
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0800));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vg-vip"), "the VIP should be on the VMAC named vg-vip", vigil);
        Assert.Contains("link/ether 00:00:5e:00:01:33", a.Ip("link", "show", "dev", "vg-vip"), StringComparison.Ordinal);
        byte[]? advert = capture.WaitFor(frame => frame.Length > 34 && frame[23] == 112 && frame.AsSpan(26, 4).SequenceEqual(new byte[] { 192, 0, 2, 1 }));
        Assert.NotNull(advert);
        Assert.Equal(a.HardwareAddress(), advert.AsSpan(6, 6).ToArray());

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.False(a.TryExec("ip", "link", "show", "dev", "vg-vip").Succeeded, "the VMAC must be deleted at stop");
    }

    [SkippableFact]
    public void UseVmacIPv6WithVmacPrefix_VmacHasTheIPv6VirtualMacAndVipAdvertsLeaveFromIt()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmac6");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "2001:db8::1/64", "2001:db8::2/64");
        string path = Path.Combine(_directory, "v6.conf");
        File.WriteAllText(path, $$"""
            global_defs {
                vmac_prefix vgx
            }
            vrrp_instance VI_6 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 52
                version 3
                priority 100
                advert_int 0.1
                use_vmac
                virtual_ipaddress {
                    2001:db8::100/64
                }
            }

            """);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x86DD));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", path);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
            () => a.TryExec("ip", "-6", "-br", "addr", "show", "dev", "vgx.52") is { Succeeded: true } r && r.StandardOutput.Contains("2001:db8::100/64", StringComparison.Ordinal),
            "the IPv6 VIP should be on vgx.52", vigil);
        string link = a.Ip("-d", "link", "show", "dev", "vgx.52");
        Assert.Contains("link/ether 00:00:5e:00:02:34", link, StringComparison.Ordinal);
        Assert.Contains("addrgenmode none", link, StringComparison.Ordinal);
        // IPv6 next header (112 = VRRP) at 20; the Ethernet source is the IPv6 virtual MAC.
        byte[]? advert = capture.WaitFor(frame => frame.Length > 54 && frame[20] == 112);
        Assert.NotNull(advert);
        Assert.Equal(new byte[] { 0x00, 0x00, 0x5e, 0x00, 0x02, 52 }, advert.AsSpan(6, 6).ToArray());
        Assert.Equal(0xfe, advert[22]); // from a link-local source (RFC 5798 §5.1.2.1)

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        output.WriteLine(vigil.StandardError);
        Assert.False(a.TryExec("ip", "link", "show", "dev", "vgx.52").Succeeded, "the VMAC must be deleted at stop");
    }

    [SkippableFact]
    public void GarpExtraIfAll_XmitBaseVmacAndAnotherInterface_OneGarpEverySecondOnEach()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("gxif");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Ip("link", "add", "vgx0", "type", "veth", "peer", "name", "vgx1"); // a second interface of the node (no dummy module here)
        a.Ip("link", "set", "vgx0", "up");
        a.Ip("link", "set", "vgx1", "up");
        byte[] otherMac = new LabNode(a.Namespace, "vgx0").HardwareAddress();
        // One GARP on becoming master and no delayed second burst: every further one is garp_extra_if's.
        string conf = Config("vigil.conf", a, "MASTER", 100, "use_vmac", "vmac_xmit_base", "garp_master_repeat 1", "garp_master_delay 0", "garp_extra_if all 1");
        File.WriteAllText(conf, File.ReadAllText(conf).Replace($"{VigilRunNetnsTests.Vip}/24\n", $"{VigilRunNetnsTests.Vip}/24\n        198.51.100.100/24 dev vgx0\n", StringComparison.Ordinal));
        using FrameCapture onWire = b.InNamespace(() => FrameCapture.Open(0x0806));
        using FrameCapture onNode = a.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vrrp.51"), "the VIP should be on vrrp.51", vigil);
        var window = TimeSpan.FromSeconds(3.5);
        // ARP sender IP at 28, Ethernet source at 6.
        int onVmac = Count(onWire, frame => frame.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 }) && frame.AsSpan(6, 6).SequenceEqual(s_vmac4), window);
        int onOther = Count(onNode, frame => frame.AsSpan(28, 4).SequenceEqual(new byte[] { 198, 51, 100, 100 }) && frame.AsSpan(6, 6).SequenceEqual(otherMac), TimeSpan.FromSeconds(1.5));
        output.WriteLine($"GARPs in {window.TotalSeconds} s after the takeover: {onVmac} on vrrp.51 (xmit_base), {onOther} on vgx0 in 1.5 s");
        Assert.True(onVmac >= 3, $"garp_extra_if 1 should send a GARP on the VMAC every second, saw {onVmac} in {window.TotalSeconds} s\n{vigil.StandardError}");
        Assert.True(onOther >= 1, $"garp_extra_if all should also send on vgx0, saw {onOther}\n{vigil.StandardError}");
    }

    [SkippableFact]
    public void UseVmac_VigilStatus_VipWithoutDevShownOnTheVmacWhereTheKernelHasItNotMissing()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmst");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = Config("vigil.conf", a, "MASTER", 100, "use_vmac");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vrrp.51") && File.Exists(vigil.SocketPath), "the VIP should be on vrrp.51", vigil);
        HostCommandResult table = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
        output.WriteLine(table.StandardOutput);
        using System.Text.Json.JsonDocument json = StatusPairFixture.StatusJson(vigil);
        System.Text.Json.JsonElement instance = StatusPairFixture.Instance(json, "VI_1");
        output.WriteLine(instance.ToString());

        Assert.Equal("MASTER", instance.GetProperty("state").GetString());
        string vip = Assert.Single(instance.GetProperty("config").GetProperty("vips").EnumerateArray()).GetString()!;
        Assert.StartsWith($"{VigilRunNetnsTests.Vip}/24 dev vrrp.51 ", vip, StringComparison.Ordinal); // keepalived's dump names the VMAC too
        Assert.Equal(vip, Assert.Single(instance.GetProperty("kernelVips").EnumerateArray()).GetString());
        string[] row = table.StandardOutput.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["VI_1", "MASTER"], row[..2]);
        Assert.Contains($"{VigilRunNetnsTests.Vip}/24", row);
        Assert.DoesNotContain("!missing", table.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>ARP frames matching <paramref name="match"/> (at least 42 bytes) seen within <paramref name="window"/>.</summary>
    private static int Count(FrameCapture capture, Func<byte[], bool> match, TimeSpan window)
    {
        var clock = Stopwatch.StartNew();
        int count = 0;
        while (clock.Elapsed < window && capture.WaitFor(frame => frame.Length >= 42 && match(frame), window - clock.Elapsed) is not null)
        {
            count++;
        }

        return count;
    }

    [SkippableFact]
    public void UseVmacAddr_AddressesOnAnotherInterfaceAndOfTheOtherFamily_EachOnItsOwnVmacAllRemovedAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmad");
        (LabNode a, string uplink) = NodeWithUplink(lab);
        string path = UseVmacAddrConfig("vmac-addr.conf", a, uplink, 51, "");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", path);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vrrp.51"), "the instance's VIP on its own VMAC vrrp.51", vigil);
        // keepalived's create_vmac_name: vrrp.51 is the instance's, so IPv4 takes vrrp1.51 and IPv6 vrrp6.51.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-4", "addr", "show", "dev", "vrrp1.51").StandardOutput.Contains("198.51.100.10/24", StringComparison.Ordinal),
            "the VIP on another interface goes on a VMAC of its own on that interface", vigil);
        string other = a.Ip("-d", "link", "show", "dev", "vrrp1.51");
        output.WriteLine(other);
        Assert.Contains($"vrrp1.51@{uplink}", other, StringComparison.Ordinal);
        Assert.Contains("link/ether 00:00:5e:00:01:33", other, StringComparison.Ordinal);
        Assert.Contains("macvlan mode private", other, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.10", a.Ip("-4", "addr", "show", "dev", uplink), StringComparison.Ordinal);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-6", "addr", "show", "dev", "vrrp6.51").StandardOutput.Contains("2001:db8::10/64", StringComparison.Ordinal),
            "the address of the other family goes on an IPv6 VMAC on the instance's interface", vigil);
        string v6 = a.Ip("-d", "link", "show", "dev", "vrrp6.51");
        Assert.Contains($"vrrp6.51@{a.Interface}", v6, StringComparison.Ordinal);
        Assert.Contains("link/ether 00:00:5e:00:02:33", v6, StringComparison.Ordinal);
        Assert.Equal(("1", "1"), (Sysctl(a, uplink, "arp_ignore"), Sysctl(a, uplink, "arp_filter")));
        // Status names each address's own VMAC, where the kernel has it; on the base interface it read "!missing".
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => File.Exists(vigil.SocketPath), "the control socket", vigil);
        HostCommandResult table = StatusPairFixture.Vigil("status", "--socket", vigil.SocketPath);
        output.WriteLine(table.StandardOutput);
        using (System.Text.Json.JsonDocument json = StatusPairFixture.StatusJson(vigil))
        {
            string vips = StatusPairFixture.Instance(json, "VI_1").GetProperty("config").ToString();
            output.WriteLine(vips);
            Assert.Contains("198.51.100.10/24 dev vrrp1.51", vips, StringComparison.Ordinal);
            Assert.Contains("2001:db8::10/64 dev vrrp6.51", vips, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("!missing", table.StandardOutput, StringComparison.Ordinal);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        foreach (string vmac in new[] { "vrrp.51", "vrrp1.51", "vrrp6.51" })
        {
            Assert.False(a.TryExec("ip", "link", "show", "dev", vmac).Succeeded, $"{vmac} must be deleted at stop");
        }
    }

    [SkippableFact]
    public void UseVmacAddrWithVmacAddrPrefix_AddressVmacNamedByItInstanceVmacByVmacPrefix()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vmap");
        (LabNode a, string uplink) = NodeWithUplink(lab);
        string path = UseVmacAddrConfig("vmac-addr-prefix.conf", a, uplink, 53, "vmac_prefix vgi\nvmac_addr_prefix vga");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", path);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VipOn(a, "vgi.53"), "the instance's VIP on its VMAC, named by vmac_prefix", vigil);
        // keepalived 2.2.7 create_vmac_name(vmac_addr_prefix ?: vmac_prefix ?: "vrrp"): vga.53 is free, so IPv4 takes it;
        // the IPv6 one then finds vga.53 existing and takes vga6.53.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-4", "addr", "show", "dev", "vga.53").StandardOutput.Contains("198.51.100.10/24", StringComparison.Ordinal),
            "the VIP on another interface goes on a VMAC named by vmac_addr_prefix", vigil);
        Assert.Contains($"vga.53@{uplink}", a.Ip("-d", "link", "show", "dev", "vga.53"), StringComparison.Ordinal);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => a.TryExec("ip", "-6", "addr", "show", "dev", "vga6.53").StandardOutput.Contains("2001:db8::10/64", StringComparison.Ordinal),
            "the address of the other family goes on vga6.53", vigil);
        Assert.False(a.TryExec("ip", "link", "show", "dev", "vrrp1.53").Succeeded, "no VMAC keeps the default prefix");

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        output.WriteLine(vigil.StandardError);
        foreach (string vmac in new[] { "vgi.53", "vga.53", "vga6.53" })
        {
            Assert.False(a.TryExec("ip", "link", "show", "dev", vmac).Succeeded, $"{vmac} must be deleted at stop");
        }
    }

    /// <summary>Node a of a lab pair with a second veth (both ends in a's namespace) for a VIP on another interface.</summary>
    private static (LabNode A, string Uplink) NodeWithUplink(NetnsLab lab)
    {
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string uplink = lab.Prefix + "up";
        a.Ip("link", "add", uplink, "type", "veth", "peer", "name", lab.Prefix + "upp");
        a.Ip("link", "set", lab.Prefix + "upp", "up");
        a.Ip("link", "set", uplink, "up");
        return (a, uplink);
    }

    /// <summary>A MASTER with use_vmac and use_vmac_addr: one VIP on its interface, one on the uplink, an IPv6 excluded address.</summary>
    private string UseVmacAddrConfig(string name, LabNode a, string uplink, int vrid, string global) =>
        WriteConfig(name, global, a, "MASTER", 100, vrid, [$"{VigilRunNetnsTests.Vip}/24", $"198.51.100.10/24 dev {uplink}"],
            ["use_vmac", "use_vmac_addr", "virtual_ipaddress_excluded {", "    2001:db8::10/64", "}"]);

    private static bool VipOn(LabNode node, string device)
    {
        HostCommandResult result = node.TryExec("ip", "-4", "-br", "addr", "show", "dev", device);
        return result.Succeeded && result.StandardOutput.Contains(VigilRunNetnsTests.Vip + "/", StringComparison.Ordinal);
    }

    private static string Sysctl(LabNode node, string device, string name) =>
        node.Exec("cat", $"/proc/sys/net/ipv4/conf/{device}/{name}").Trim();

    /// <summary>VRRPv3 multicast, advert_int 0.1, VRID 51, one VIP without a device (it follows the VMAC).</summary>
    private string Config(string name, LabNode node, string state, int priority, params string[] extra) =>
        WriteConfig(name, $"router_id {node.Namespace}", node, state, priority, 51, [$"{VigilRunNetnsTests.Vip}/24"], extra);

    /// <summary>One VRRPv3 multicast instance VI_1 with advert_int 0.1 on <paramref name="node"/>'s interface; <paramref name="extra"/> lines go before its VIPs.</summary>
    private string WriteConfig(string name, string global, LabNode node, string state, int priority, int vrid, string[] vips, string[] extra)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, $$"""
            global_defs {
                {{global}}
            }
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id {{vrid}}
                version 3
                priority {{priority}}
                advert_int 0.1
                {{string.Join("\n    ", extra)}}
                virtual_ipaddress {
                    {{string.Join("\n        ", vips)}}
                }
            }

            """);
        return path;
    }
}
