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
