using System.Diagnostics;
using System.Net;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `vigil run` against address changes made behind its back (issue 11 #10, #11, #13): a VIP deleted on the master
/// makes it step down and take over again after Skew_Time (keepalived 2.2.7 set_vrrp_backup), putting it back and
/// announcing it within one advert interval; the advert source follows the interface's primary address,
/// and with no address left the instance goes to FAULT and recovers when one returns; an instance with more VIPs than
/// an advert carries still advertises (255 of them).
/// </summary>
public sealed class AddressEventNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "192.0.2.100";
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-addr-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_VipDeletedOnTheMaster_StepsDownAndBackAfterSkewTime_RestoredAndAnnouncedWithinOneAdvertInterval()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vipdl");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        LabNode watcher = lab.AddNode("w");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", WriteConfig("a.conf", a, "MASTER", 100, "1"));
        // Priority 50: the backup's own skew after the master's priority 0 (0.8 s) is well past the master's (0.61 s).
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", WriteConfig("b.conf", b, "BACKUP", 50, "1"));
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the VIP and the BACKUP be up", master, backup);
        Thread.Sleep(300); // past the master's own GARP bursts at start
        using FrameCapture arp = watcher.InNamespace(() => FrameCapture.Open(0x0806));

        var clock = Stopwatch.StartNew();
        a.Ip("addr", "del", $"{Vip}/24", "dev", a.Interface);
        while (!HasVip(a) && clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            Thread.Sleep(5);
        }

        TimeSpan restored = clock.Elapsed;
        output.WriteLine($"deleted VIP back on the master after {restored.TotalMilliseconds:F0} ms (Skew_Time 609 ms, advert interval 1000 ms)");
        Assert.True(HasVip(a), "the master should take over again and add the deleted VIP back\n" + master.StandardError);
        Assert.True(restored < TimeSpan.FromSeconds(1.5), $"restored after {restored.TotalMilliseconds:F0} ms, more than Skew_Time and a margin");
        byte[] vip = IPAddress.Parse(Vip).GetAddressBytes();
        Assert.NotNull(arp.WaitFor(frame => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(vip) && frame.AsSpan(6, 6).SequenceEqual(a.HardwareAddress()), TimeSpan.FromSeconds(2)));
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(2), () => master.StandardError.Contains($"VI_1: virtual address {Vip} on {a.Interface} was deleted while MASTER", StringComparison.Ordinal),
            "a warning should name the instance and the address", master);
        Assert.Contains("Master -> Backup", master.StandardError, StringComparison.Ordinal);
        Assert.False(HasVip(b), "the backup stays backup");
    }

    [SkippableFact]
    public void VigilRun_PrimaryAddressChanges_AdvertsFollowIt_NoneLeftIsFault_AddressBackRecovers()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("prim");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.AddAddress("198.51.100.1/24");
        LabNode watcher = lab.AddNode("w");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", WriteConfig("a.conf", a, "MASTER", 100, "0.5"));
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", WriteConfig("b.conf", b, "BACKUP", 90, "0.5"));
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the VIP and the BACKUP be up", master, backup);
        using FrameCapture capture = watcher.InNamespace(() => FrameCapture.Open(0x0800));
        Assert.NotNull(capture.WaitFor(frame => IsAdvertFrom(frame, "192.0.2.1", out _)));

        // The primary goes (and with it the VIP, a secondary of the same subnet: the master steps down and takes over
        // again after Skew_Time, from the new primary, putting it back).
        // The clock starts when 'ip' has deleted the address (its exit), so a busy CI machine's process start-up is not counted.
        a.Ip("addr", "del", "192.0.2.1/24", "dev", a.Interface);
        var clock = Stopwatch.StartNew();
        Assert.NotNull(capture.WaitFor(frame => IsAdvertFrom(frame, "198.51.100.1", out _), TimeSpan.FromSeconds(3)));
        output.WriteLine($"first advert from the new primary {clock.Elapsed.TotalMilliseconds:F0} ms after the old one was deleted (advert interval 500 ms)");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500 + 250), $"first advert from the new primary after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Thread.Sleep(2000); // four advert intervals: the backup keeps hearing the master
        Assert.True(HasVip(a) && !HasVip(b), "still one master, on the node that was master\n" + master.StandardError + "\n---\n" + backup.StandardError);
        Assert.DoesNotContain("Network is unreachable", master.StandardError, StringComparison.Ordinal);

        // No IPv4 address left (the restored VIP is never a source): FAULT, the backup takes over.
        clock.Restart();
        a.Ip("addr", "del", "198.51.100.1/24", "dev", a.Interface);
        Assert.NotNull(capture.WaitFor(frame => IsAdvertFrom(frame, "198.51.100.1", out _) && AdvertPriority(frame) == 0, TimeSpan.FromSeconds(3))); // the goodbye, from the address just lost
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => master.StandardError.Contains("Master -> Fault (no IPv4 address on", StringComparison.Ordinal),
            "with no address to send from the master should go to FAULT", master);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => HasVip(b) && !HasVip(a), "the backup should take the VIP", master, backup);
        output.WriteLine($"last address deleted → VIP on the backup only: {clock.Elapsed.TotalMilliseconds:F0} ms");

        // An address comes back: FAULT clears, the higher priority preempts back and advertises from it.
        clock.Restart();
        a.AddAddress("192.0.2.1/24");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => master.StandardError.Contains("Fault -> Backup", StringComparison.Ordinal), "an address back should clear the FAULT", master);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => HasVip(a) && !HasVip(b), "the recovered node should take the VIP back", master, backup);
        Assert.NotNull(capture.WaitFor(frame => IsAdvertFrom(frame, "192.0.2.1", out _), TimeSpan.FromSeconds(3)));
        output.WriteLine($"address back → VIP on the recovered master: {clock.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine(master.StandardError);
    }

    [SkippableFact]
    public void VigilRun_300Ipv4Vips_AdvertsStillSentWith255AndEveryVipAdded()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vips");
        (LabNode a, LabNode _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        LabNode watcher = lab.AddNode("w");
        string[] vips = [.. Enumerable.Range(10, 240).Select(i => $"192.0.2.{i}/24"), .. Enumerable.Range(10, 60).Select(i => $"198.51.100.{i}/24")];
        using FrameCapture capture = watcher.InNamespace(() => FrameCapture.Open(0x0800));
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", WriteConfig("a.conf", a, "MASTER", 100, "0.1", vips));

        byte[]? advert = capture.WaitFor(frame => IsAdvertFrom(frame, "192.0.2.1", out _), TimeSpan.FromSeconds(15));
        Assert.True(advert is not null, "no advert from the master\n" + master.StandardError);
        Assert.True(IsAdvertFrom(advert, "192.0.2.1", out int count));
        Assert.Equal(255, count);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => a.ListAddresses().Count(x => x.Local.StartsWith("198.51.100.", StringComparison.Ordinal)) == 60,
            "the addresses not advertised are still added (virtual_ipaddress_excluded)", master);
        Assert.Contains("198.51.100.25 and the 44 after it", master.StandardError, StringComparison.Ordinal); // the check warning, printed at start
    }

    private static bool HasVip(LabNode node) => node.ListAddresses().Any(x => x.Local == Vip);

    /// <summary>A VRRP (protocol 112) IPv4 frame from <paramref name="source"/>; <paramref name="count"/> is its address count.</summary>
    private static bool IsAdvertFrom(byte[] frame, string source, out int count)
    {
        count = 0;
        if (frame.Length < 34 || frame[23] != 112)
        {
            return false;
        }

        int vrrp = 14 + ((frame[14] & 0xF) * 4);
        if (frame.Length < vrrp + 8 || !frame.AsSpan(26, 4).SequenceEqual(IPAddress.Parse(source).GetAddressBytes()))
        {
            return false;
        }

        count = frame[vrrp + 3];
        return true;
    }

    private static int AdvertPriority(byte[] frame) => frame[14 + ((frame[14] & 0xF) * 4) + 2];

    /// <summary>Multicast VRRPv3 with no mcast_src_ip: the source is the interface's primary address.</summary>
    private string WriteConfig(string name, LabNode node, string state, int priority, string advertInterval, string[]? vips = null)
    {
        string addresses = string.Join("\n", (vips ?? [$"{Vip}/24"]).Select(v => $"        {v} dev {node.Interface}"));
        string text = $$"""
            global_defs {
                router_id {{node.Namespace}}
            }
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id 51
                version 3
                priority {{priority}}
                advert_int {{advertInterval}}
                virtual_ipaddress {
            {{addresses}}
                }
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
