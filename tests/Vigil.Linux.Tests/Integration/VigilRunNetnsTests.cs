using System.Diagnostics;
using System.Globalization;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// Two `vigil run` processes in two lab namespaces, configured like the seed's master/backup pair
/// (unicast peers, mcast_src_ip, a labelled VIP; authentication consistent; 192.0.2.0/24), move the
/// VIP on a crash, on restart (preemption, with the crashed run's leftover VIP cleaned up) and on SIGTERM.
/// </summary>
public sealed class VigilRunNetnsTests(ITestOutputHelper output) : IDisposable
{
    internal const string Vip = "192.0.2.100";
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(5); // generous: CI noise, process start-up

    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-run-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_V3Unicast_KillNineFailsOverRestartPreemptsSigtermHandsOver()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("run3");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        var interval = TimeSpan.FromMilliseconds(100);
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");
        // RFC 5798 §6.1: Master_Down_Interval = 3 × advert + Skew_Time, Skew = (256 − priority) × advert / 256.
        TimeSpan masterDown = (3 * interval) + (interval * (256 - 90) / 256);

        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf, "-n", "-l");
        try
        {
            AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);
            Assert.Contains($"{a.Interface}:2", a.ListAddresses().Where(x => x.Local == Vip).Select(x => x.Label));

            var clock = Stopwatch.StartNew();
            master.KillHard();
            AssertWithin(masterDown + s_margin, () => HasVip(b), "after kill -9 of the master the backup should hold the VIP", master, backup);
            output.WriteLine($"kill -9 → VIP on backup: {clock.Elapsed.TotalMilliseconds:F0} ms (Master_Down_Interval {masterDown.TotalMilliseconds:F0} ms)");
            Assert.True(HasVip(a), "a crash leaves the VIP behind (the restart must clean it up)");
        }
        finally
        {
            master.Dispose();
        }

        using VigilProcess restarted = VigilProcess.Start(a, "run", "-f", masterConf, "-p", Path.Combine(_directory, "a.pid"));
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the restarted MASTER (preempt) should take the VIP back", restarted, backup);
        Assert.Contains("left there by an earlier run", restarted.StandardError, StringComparison.Ordinal);
        Assert.Equal(restarted.Id.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(_directory, "a.pid")).Trim());

        var handover = Stopwatch.StartNew();
        restarted.Terminate();
        AssertWithin(masterDown + s_margin, () => HasVip(b), "after SIGTERM of the master the backup should take over", restarted, backup);
        output.WriteLine($"SIGTERM → VIP on backup: {handover.Elapsed.TotalMilliseconds:F0} ms (Skew_Time {(interval * (256 - 90) / 256).TotalMilliseconds:F0} ms)");
        Assert.Equal(0, restarted.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.False(HasVip(a), "the stopped master must remove its VIP");
        Assert.False(File.Exists(Path.Combine(_directory, "a.pid")), "the pid file is removed on exit");
        Assert.Contains("BACKUP -> MASTER", backup.StandardError.ToUpperInvariant(), StringComparison.Ordinal);
        output.WriteLine(backup.StandardError);
    }

    [SkippableFact]
    public void VigilRun_V2PassAuth_SigtermMasterBackupTakesOverAndMasterExitsZero()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("run2");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 2, "1");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 2, "1");

        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);
        Thread.Sleep(2500); // a few v2 adverts with PASS authentication: the backup must accept them and stay backup
        Assert.False(HasVip(b), "the backup should accept the master's authenticated adverts");

        var handover = Stopwatch.StartNew();
        master.Terminate();
        // Skew_Time at priority 90 and advert_int 1 s is 0.65 s.
        AssertWithin(TimeSpan.FromSeconds(1) + s_margin, () => HasVip(b), "after SIGTERM of the master the backup should take over", master, backup);
        output.WriteLine($"v2 SIGTERM → VIP on backup: {handover.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, master.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.False(HasVip(a), "the stopped master must remove its VIP");
    }

    [SkippableFact]
    public void VigilRun_NopreemptBackupWithHigherPriority_JoiningLaterDoesNotTakeTheVip()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("runnp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string higherConf = WriteConfig("a.conf", a, "BACKUP", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string lowerConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");

        using VigilProcess lower = VigilProcess.Start(b, "run", "-f", lowerConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(b), "alone, the lower-priority node should become master", lower);
        using VigilProcess higher = VigilProcess.Start(a, "run", "-f", higherConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => higher.StandardError.Contains("Initialize -> Backup", StringComparison.Ordinal), "the higher-priority node should start", higher);
        Thread.Sleep(2000); // 20 advert intervals

        Assert.True(HasVip(b) && !HasVip(a), "nopreempt on a BACKUP-state node: the running master keeps the VIP\n" + higher.StandardError);
    }

    /// <summary>
    /// keepalived 2.2.7 leaving MASTER for FAULT (vrrp_state_leave_master, down_instance): a priority-0 advert to each
    /// unicast peer (vrrp_send_adv walks unicast_peer), then the VIPs go; no gratuitous ARP, and the delayed second
    /// burst (vrrp_remove_delayed_arp) is dropped.
    /// </summary>
    [SkippableFact]
    public void VigilRun_V3UnicastTwoPeers_TrackedInterfaceDown_PriorityZeroToEachPeerThenNoGarp()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("uflt");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        LabNode c = lab.AddNode("c");
        c.AddAddress("192.0.2.3/24");
        string tracked = AddLocalVeth(lab, a);
        string conf = Path.Combine(_directory, "a.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                unicast_src_ip 192.0.2.1
                unicast_peer {
                    192.0.2.2
                    192.0.2.3
                }
                track_interface {
                    {{tracked}}
                }
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """);
        using FrameCapture onB = b.InNamespace(() => FrameCapture.Open(0x0800));
        using FrameCapture onC = c.InNamespace(() => FrameCapture.Open(0x0800));
        using FrameCapture arpOnB = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "the lone MASTER should take the VIP", vigil);
        Assert.NotNull(onB.WaitFor(frame => Advert(frame, [192, 0, 2, 2]) is > 0));
        Assert.NotNull(onC.WaitFor(frame => Advert(frame, [192, 0, 2, 3]) is > 0));
        _ = arpOnB.Collect(TimeSpan.FromMilliseconds(300)); // the takeover's GARPs
        a.Ip("link", "set", tracked, "down"); // within garp_master_delay (5 s): the second GARP burst is still pending
        AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal) && !HasVip(a),
            "the tracked interface down: MASTER -> FAULT, VIP removed", vigil);

        Assert.True(onB.WaitFor(frame => Advert(frame, [192, 0, 2, 2]) == 0, TimeSpan.FromSeconds(3)) is not null, "peer 192.0.2.2 should get a priority-0 advert\n" + vigil.StandardError);
        Assert.True(onC.WaitFor(frame => Advert(frame, [192, 0, 2, 3]) == 0, TimeSpan.FromSeconds(3)) is not null, "peer 192.0.2.3 should get a priority-0 advert\n" + vigil.StandardError);
        Assert.Null(onB.WaitFor(frame => Advert(frame, [192, 0, 2, 2]) is not null, TimeSpan.FromSeconds(1))); // and no adverts in FAULT
        // ARP sender IP at 28: nothing announces the VIP once it is gone, not even the delayed burst (garp_master_delay 5).
        byte[]? garp = arpOnB.WaitFor(frame => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 }), TimeSpan.FromSeconds(6));
        Assert.True(garp is null, "no gratuitous ARP for the VIP after leaving MASTER\n" + vigil.StandardError);
        output.WriteLine(vigil.StandardError);
    }

    /// <summary>A veth pair inside <paramref name="node"/>, both ends up (an interface to track and take down); returns the tracked end's name.</summary>
    internal static string AddLocalVeth(NetnsLab lab, LabNode node)
    {
        string name = lab.Prefix + "t";
        node.Ip("link", "add", name, "type", "veth", "peer", "name", lab.Prefix + "u");
        node.Ip("link", "set", lab.Prefix + "u", "up");
        node.Ip("link", "set", name, "up");
        return name;
    }

    /// <summary>The priority of a VRRP advert from 192.0.2.1 to <paramref name="destination"/> in an Ethernet frame; null for any other frame.</summary>
    private static int? Advert(byte[] frame, byte[] destination)
    {
        if (frame.Length < 34 || frame[23] != 112 || !frame.AsSpan(26, 4).SequenceEqual(new byte[] { 192, 0, 2, 1 }) || !frame.AsSpan(30, 4).SequenceEqual(destination))
        {
            return null;
        }

        int vrrp = 14 + ((frame[14] & 0x0f) * 4);
        return frame.Length > vrrp + 2 ? frame[vrrp + 2] : null;
    }

    /// <summary>The seed's instance shape: unicast peer, mcast_src_ip, nopreempt, a labelled VIP; PASS authentication only with v2.</summary>
    private string WriteConfig(string name, LabNode node, string state, int priority, string self, string peer, int version, string advertInterval) =>
        WriteConfig(_directory, name, node, state, priority, self, peer, version, advertInterval);

    /// <summary>Writes the seed-shaped config into <paramref name="directory"/>; shared with the keepalived interop test.</summary>
    internal static string WriteConfig(string directory, string name, LabNode node, string state, int priority, string self, string peer, int version, string advertInterval)
    {
        string authentication = version == 2 ? "    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n" : "";
        string text = $$"""
            global_defs {
                router_id {{node.Namespace}}
            }
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id 51
                version {{version}}
                mcast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                priority {{priority}}
                nopreempt
                advert_int {{advertInterval}}

            """ + authentication + $$"""
                virtual_ipaddress {
                    {{Vip}}/24 dev {{node.Interface}} label {{node.Interface}}:2
                }
            }

            """;
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    internal static bool HasVip(LabNode node) => node.ListAddresses().Any(x => x.Local == Vip);

    internal static void AssertWithin(TimeSpan limit, Func<bool> condition, string what, params VigilProcess[] processes)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition())
            {
                return;
            }

            Thread.Sleep(20);
        }

        Assert.Fail($"{what} (within {limit.TotalSeconds:F1} s)\n" + string.Join("\n---\n", processes.Select(p => p.StandardError)));
    }
}
