using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>
/// One interop case on a shared <see cref="InteropLab"/>: the MASTER side (node a, priority 100) starts and takes the
/// VIP, the BACKUP side (node b, priority 90) joins; for the steady window exactly one node holds the VIP, the backup
/// never becomes master, and neither side rejects the other's adverts (keepalived logs no checksum, authentication,
/// interval, TTL or VIP-list complaint; Vigil logs no drop). Then the master is SIGKILLed and the backup must hold
/// the VIP within Master_Down_Interval plus a margin for CI noise.
/// </summary>
internal static class InteropScenario
{
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan s_startup = TimeSpan.FromSeconds(20); // .NET start-up on a loaded CI host

    public static void Run(InteropLab fixture, string caseName, bool vigilIsMaster, ITestOutputHelper output)
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop tests need keepalived at " + KeepalivedProcess.Program);
        InteropCase row = InteropCase.Named(caseName);
        (LabNode a, LabNode b) = fixture.Nodes();
        fixture.RemoveVip(row);
        string directory = fixture.CaseDirectory(row);
        string masterConf = row.WriteConfig(directory, "master.conf", a, "MASTER", InteropCase.MasterPriority, "192.0.2.1", "192.0.2.2");
        string backupConf = row.WriteConfig(directory, "backup.conf", b, "BACKUP", InteropCase.BackupPriority, "192.0.2.2", "192.0.2.1");

        // The master side starts first: keepalived's Master_Down_Interval at 0.1 s (0.36 s) is shorter than .NET
        // start-up, and the test is about accepting a running master's adverts, not about a start-up race.
        using InteropSide master = vigilIsMaster ? InteropSide.Vigil(a, masterConf) : InteropSide.Keepalived(a, masterConf, directory);
        VigilRunNetnsTests.AssertWithin(s_startup, () => row.Holds(a), $"the MASTER side ({master.Name}) should take the VIP", master.Output);
        using InteropSide backup = vigilIsMaster ? InteropSide.Keepalived(b, backupConf, directory) : InteropSide.Vigil(b, backupConf);
        try
        {
            VigilRunNetnsTests.AssertWithin(s_startup, () => backup.EnteredBackup, $"the BACKUP side ({backup.Name}) should start as backup", master.Output, backup.Output);

            var steady = Stopwatch.StartNew();
            while (steady.Elapsed < InteropCase.SteadyWindow)
            {
                Assert.True(row.Holds(a) && !row.Holds(b),
                    $"steady state at {steady.Elapsed.TotalSeconds:F1} s: only the MASTER side may hold the VIP\n{master.Log}\n---\n{backup.Log}");
                Thread.Sleep(100);
            }

            Assert.False(backup.EnteredMaster, $"the BACKUP side ({backup.Name}) must accept the master's adverts and stay backup\n{backup.Log}");
            Assert.True(master.Rejections().Count == 0, $"{master.Name} rejected adverts:\n" + string.Join('\n', master.Rejections()));
            Assert.True(backup.Rejections().Count == 0, $"{backup.Name} rejected adverts:\n" + string.Join('\n', backup.Rejections()));

            var clock = Stopwatch.StartNew();
            master.KillHard();
            VigilRunNetnsTests.AssertWithin(row.MasterDownInterval + s_margin, () => row.Holds(b),
                $"after kill -9 of the MASTER side ({master.Name}) the BACKUP side ({backup.Name}) should take the VIP", master.Output, backup.Output);
            output.WriteLine($"{row.Name}: kill -9 of {master.Name} → VIP on {backup.Name} after {clock.Elapsed.TotalMilliseconds:F0} ms "
                + $"(Master_Down_Interval {row.MasterDownInterval.TotalMilliseconds:F0} ms)");
        }
        finally
        {
            output.WriteLine($"--- {master.Name} (MASTER) ---\n{master.Log}\n--- {backup.Name} (BACKUP) ---\n{backup.Log}");
        }
    }
}
