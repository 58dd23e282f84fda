using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// What the announcing interface's own settings do to Vigil's gratuitous ARPs and unsolicited NAs, as in keepalived
/// 2.2.7: the NA's Router flag follows net.ipv6.conf.IF.forwarding, re-read at most every 5 s (vrrp_ndisc.c); an
/// interface flagged NOARP gets neither (vrrp_arp.c send_gratuitous_arp, ndisc_send_unsolicited_na), the VIPs are
/// still added. Every setting is the lab namespace's own.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AnnouncementInterfaceNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeAll = 0x0003;
    private static readonly byte[] s_vip = [192, 0, 2, 100];
    private static readonly byte[] s_vip6 = [0x20, 0x01, 0x0d, 0xb8, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x64]; // 2001:db8:3::64
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-announce-if-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void NaRouterFlag_FollowsTheInterfacesIpv6Forwarding_AndItsChangeWhileRunning(bool forwardingAtStart)
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create(forwardingAtStart ? "narf1" : "narf0");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        SetForwarding(a, forwardingAtStart);
        string conf = WriteConfig(a);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.OpenOn(EtherTypeIPv6, b.Interface));
        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);

        byte[]? first = capture.WaitFor(IsNaForVip, TimeSpan.FromSeconds(20));
        Assert.True(first is not null, $"no NA for 2001:db8:3::64\n{vigil.StandardError}");
        Assert.Equal(forwardingAtStart, IsRouterFlagSet(first));
        Assert.True(IsOverrideFlagSet(first));

        // Flip forwarding: the garp_master_refresh NAs (every second) carry the new flag once keepalived's 5 s
        // recheck comes due, and not one of them before the flip had it.
        SetForwarding(a, !forwardingAtStart);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        byte[]? flipped = capture.WaitFor(f => IsNaForVip(f) && IsRouterFlagSet(f) != forwardingAtStart, TimeSpan.FromSeconds(9));
        output.WriteLine($"first NA R={IsRouterFlagSet(first)}; NA with R={!forwardingAtStart} after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(flipped is not null, $"the NAs should follow forwarding={(forwardingAtStart ? 0 : 1)} within the 5 s recheck\n{vigil.StandardError}");
        Assert.True(IsOverrideFlagSet(flipped));
    }

    [SkippableFact]
    public void NoArpInterface_GetsNoGarpNorNa_VipsStillAdded_ArpOnWhileRunningBringsThemBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("noarp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Ip("link", "set", a.Interface, "arp", "off");
        string conf = WriteConfig(a);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.OpenOn(EtherTypeAll, b.Interface));
        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);

        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
            () => a.TryExec("ip", "-br", "addr", "show", "dev", a.Interface) is { Succeeded: true } r
                && r.StandardOutput.Contains("192.0.2.100/24", StringComparison.Ordinal) && r.StandardOutput.Contains("2001:db8:3::64/64", StringComparison.Ordinal),
            "the VIPs should be added on the NOARP interface", vigil);
        List<byte[]> whileNoArp = capture.Collect(TimeSpan.FromSeconds(2.5)); // takeover burst + 2 refreshes, had they been sent
        int garps = whileNoArp.Count(IsGarpForVip);
        int nas = whileNoArp.Count(IsNaForVip);
        Assert.True(garps == 0 && nas == 0, $"NOARP: no GARP nor NA expected, saw {garps} GARPs and {nas} NAs\n{vigil.StandardError}");
        Assert.Contains(whileNoArp, f => f[12] == 0x08 && f[13] == 0x00 && f[23] == 112); // adverts still go out

        a.Ip("link", "set", a.Interface, "arp", "on");
        byte[]? garp = capture.WaitFor(IsGarpForVip, TimeSpan.FromSeconds(5));
        byte[]? na = capture.WaitFor(IsNaForVip, TimeSpan.FromSeconds(5));
        output.WriteLine($"NOARP: {garps} GARPs, {nas} NAs in 2.5 s; after arp on: GARP {(garp is null ? "missing" : "seen")}, NA {(na is null ? "missing" : "seen")}");
        Assert.True(garp is not null && na is not null, $"garp_master_refresh should announce again once ARP is on\n{vigil.StandardError}");
    }

    private string WriteConfig(LabNode a)
    {
        string conf = Path.Combine(_directory, "vigil.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                garp_master_delay 0
                garp_master_refresh 1
                virtual_ipaddress {
                    192.0.2.100/24
                }
                virtual_ipaddress_excluded {
                    2001:db8:3::64/64
                }
            }

            """);
        return conf;
    }

    private static void SetForwarding(LabNode node, bool on) =>
        node.Exec("sysctl", "-q", "-w", $"net.ipv6.conf.{node.Interface}.forwarding={(on ? 1 : 0)}");

    // ARP: EtherType at 12, sender IP at 28.
    private static bool IsGarpForVip(byte[] frame) =>
        frame.Length >= 42 && frame[12] == 0x08 && frame[13] == 0x06 && frame.AsSpan(28, 4).SequenceEqual(s_vip);

    // EtherType 0x86DD at 12, IPv6 next header at 20; ICMPv6 at 54: type 136 (NA), flags at 58 (R 0x80, S 0x40, O 0x20), target at 62.
    private static bool IsNaForVip(byte[] frame) =>
        frame.Length >= 86 && frame[12] == 0x86 && frame[13] == 0xDD && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(s_vip6);

    private static bool IsRouterFlagSet(byte[] frame) => (frame[58] & 0x80) != 0;

    private static bool IsOverrideFlagSet(byte[] frame) => (frame[58] & 0x20) != 0;
}
