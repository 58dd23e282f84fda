using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// What the announcing interface's own settings do to Vigil's gratuitous ARPs and unsolicited NAs, as in keepalived
/// 2.2.7: the NA's Router flag follows net.ipv6.conf.IF.forwarding, re-read at most every 5 s (vrrp_ndisc.c).
/// Every sysctl is the lab namespace's own.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AnnouncementInterfaceNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const ushort EtherTypeIPv6 = 0x86DD;
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

    private static void SetForwarding(LabNode node, bool on) =>
        node.Exec("sysctl", "-q", "-w", $"net.ipv6.conf.{node.Interface}.forwarding={(on ? 1 : 0)}");

    // IPv6 next header at 20; ICMPv6 at 54: type 136 (NA), flags at 58 (R 0x80, S 0x40, O 0x20), target at 62.
    private static bool IsNaForVip(byte[] frame) =>
        frame.Length >= 86 && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(s_vip6);

    private static bool IsRouterFlagSet(byte[] frame) => (frame[58] & 0x80) != 0;

    private static bool IsOverrideFlagSet(byte[] frame) => (frame[58] & 0x20) != 0;
}
