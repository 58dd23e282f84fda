using System.Diagnostics;
using Vigil.Linux.Announcements;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// SIGHUP reloads of a running `vigil run` pair (VRRPv3, advert_int 0.1, unicast, both state BACKUP with
/// preempt, no delayed second GARP burst): an unchanged config moves nothing and sends no GARP; a broken
/// config is refused with file:line and the old one keeps running; a changed priority takes effect.
/// </summary>
public sealed class ReloadNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = VigilRunNetnsTests.Vip;
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-reload-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void Sighup_UnchangedThenBrokenConfig_MasterKeepsVipNoGarpAndOldConfigKeepsRunning()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("rld");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string aConf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2");
        string bConf = WriteConfig("b.conf", b, 90, "192.0.2.2", "192.0.2.1");
        using var manager = new SystemdNotifyNetnsTests.FakeServiceManager(Path.Combine(_directory, "notify.sock"));
        using VigilProcess master = VigilProcess.Start(a, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = manager.Path }, "run", "-f", aConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", bConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a) && !VigilRunNetnsTests.HasVip(b), "the priority-100 node should hold the VIP alone", master, backup);
        manager.WaitFor(m => m.StartsWith("READY=1", StringComparison.Ordinal), master);
        Thread.Sleep(1000); // the becoming-master GARP burst is over

        // 1. Unchanged: the VIP never leaves, the backup never takes it, no GARP for the VIP on the wire.
        using FrameCapture arp = b.InNamespace(() => FrameCapture.Open(0x0806));
        var clock = Stopwatch.StartNew();
        master.Hangup();
        manager.WaitFor(m => m.StartsWith("RELOADING=1", StringComparison.Ordinal) && m.Contains("MONOTONIC_USEC=", StringComparison.Ordinal), master);
        manager.WaitFor(m => m.StartsWith("READY=1", StringComparison.Ordinal), master);
        output.WriteLine($"SIGHUP → READY=1 after the reload: {clock.Elapsed.TotalMilliseconds:F0} ms");
        int samples = AssertVipStaysOnMaster(a, b, TimeSpan.FromSeconds(1.5), master, backup);
        byte[]? garp = arp.WaitFor(IsGarpForVip, TimeSpan.FromSeconds(1));
        Assert.True(garp is null, "an unchanged reload must not send gratuitous ARP\n" + master.StandardError);
        Assert.Contains("reload applied: 1 instance(s) kept as they were, 0 updated in place, 0 stopped, 0 started", master.StandardError, StringComparison.Ordinal);
        output.WriteLine($"VIP sampled {samples} times during and after the reload: always on the master");

        // 2. Broken: refused with file:line, the running config stays (still master, still advertising).
        File.WriteAllText(aConf, File.ReadAllText(aConf).Replace("virtual_router_id 51", "virtual_router_id 300", StringComparison.Ordinal));
        master.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => master.StandardError.Contains("reload refused", StringComparison.Ordinal), "the broken config should be refused", master);
        Assert.Contains($"reload: {aConf}:5:", master.StandardError, StringComparison.Ordinal);
        AssertVipStaysOnMaster(a, b, TimeSpan.FromSeconds(1), master, backup);
        Assert.Null(master.WaitForExit(TimeSpan.Zero));
        output.WriteLine(master.StandardError);
    }

    [SkippableFact]
    public void Sighup_BackupPriorityRaisedAboveMaster_TakesEffectAndTheBackupPreempts()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("rlp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string aConf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2");
        string bConf = WriteConfig("b.conf", b, 90, "192.0.2.2", "192.0.2.1");
        using VigilProcess first = VigilProcess.Start(a, "run", "-f", aConf);
        using VigilProcess second = VigilProcess.Start(b, "run", "-f", bConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a) && !VigilRunNetnsTests.HasVip(b), "the priority-100 node should hold the VIP alone", first, second);

        // SIGHUP before vigil installed its handler would end the process (the default action): wait for its loop.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => second.StandardError.Contains("Initialize -> Backup", StringComparison.Ordinal), "the second node's loop should run", second);
        WriteConfig("b.conf", b, 150, "192.0.2.2", "192.0.2.1");
        var clock = Stopwatch.StartNew();
        second.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => VigilRunNetnsTests.HasVip(b) && !VigilRunNetnsTests.HasVip(a), "with priority 150 the reloaded backup should preempt", first, second);
        output.WriteLine($"SIGHUP (priority 90 → 150) → VIP on the reloaded node: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("VI_1: updated in place", second.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Stopped", second.StandardError, StringComparison.Ordinal); // not re-created
    }

    [SkippableFact]
    public void Sighup_VipAddedAndRemoved_TheMasterInstallsTheNewVipAnnouncesItAndDropsTheOld()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("rlv");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string aConf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", aConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the lone node should become master", master);
        Thread.Sleep(500); // the becoming-master GARP burst is over

        // Reload 1: a second VIP is added; it must be on the interface and announced, and status must agree.
        File.WriteAllText(aConf, File.ReadAllText(aConf).Replace($"{Vip}/24 dev", $"192.0.2.101/24 dev {a.Interface}\n        {Vip}/24 dev", StringComparison.Ordinal));
        using FrameCapture arp = b.InNamespace(() => FrameCapture.Open(0x0806));
        var clock = Stopwatch.StartNew();
        master.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => a.ListAddresses().Any(x => x.Local == "192.0.2.101"), "the VIP added by the reload should be installed", master);
        output.WriteLine($"SIGHUP adding a VIP → installed after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.NotNull(arp.WaitFor(f => f.Length >= GratuitousArp.FrameLength && f.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 101 }), TimeSpan.FromSeconds(2)));
        Assert.True(VigilRunNetnsTests.HasVip(a));

        // Reload 2: the original VIP is removed; the added one stays.
        File.WriteAllText(aConf, File.ReadAllText(aConf).Replace($"        {Vip}/24 dev {a.Interface}\n", string.Empty, StringComparison.Ordinal));
        master.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => !VigilRunNetnsTests.HasVip(a), "the VIP removed by the reload should be deleted", master);
        Assert.Contains(a.ListAddresses(), x => x.Local == "192.0.2.101");
        Assert.DoesNotContain("failed", master.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", master.StandardError, StringComparison.Ordinal);
        output.WriteLine(master.StandardError);
    }

    /// <summary>Samples the VIP's place every few ms for <paramref name="duration"/>; fails at the first sample where it left the master.</summary>
    private static int AssertVipStaysOnMaster(LabNode master, LabNode backup, TimeSpan duration, params VigilProcess[] processes)
    {
        var clock = Stopwatch.StartNew();
        int samples = 0;
        while (clock.Elapsed < duration)
        {
            bool onMaster = VigilRunNetnsTests.HasVip(master);
            bool onBackup = VigilRunNetnsTests.HasVip(backup);
            Assert.True(onMaster && !onBackup, $"after {clock.Elapsed.TotalMilliseconds:F0} ms the VIP left the master (master {onMaster}, backup {onBackup})\n" + string.Join("\n---\n", processes.Select(p => p.StandardError)));
            samples++;
        }

        return samples;
    }

    private static bool IsGarpForVip(byte[] frame) =>
        frame.Length >= GratuitousArp.FrameLength && frame.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 });

    /// <summary>Line 5 is virtual_router_id (the broken-config test points at it).</summary>
    private string WriteConfig(string name, LabNode node, int priority, string self, string peer)
    {
        string text = $$"""
            vrrp_instance VI_1 {
                state BACKUP
                interface {{node.Interface}}
                version 3
                virtual_router_id 51
                priority {{priority}}
                advert_int 0.1
                garp_master_delay 0
                unicast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                virtual_ipaddress {
                    {{Vip}}/24 dev {{node.Interface}}
                }
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
