using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// Vigil against the real keepalived on one lab segment: a Vigil MASTER (priority 100) and a keepalived
/// BACKUP (priority 90), VRRPv3 unicast, advert_int 0.1, same VRID and VIP. keepalived must accept Vigil's
/// adverts (checksum over the IPv4 pseudo-header, RFC 5798 §5.2.8; matching interval) and stay backup,
/// then take over within Skew_Time once Vigil stops gracefully (priority-0 advert, RFC 5798 §6.4.3).
/// The other way round, a keepalived MASTER stopped by SIGTERM hands over to a Vigil BACKUP through its priority-0
/// advert. The crash (kill -9) cases in both directions and every protocol variant are in Interop/.
/// </summary>
public sealed class KeepalivedInteropNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-keepalived-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilMasterKeepalivedBackup_V3Unicast_KeepalivedStaysBackupThenTakesOverOnSigterm()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create("kai");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string vigilConf = VigilRunNetnsTests.WriteConfig(_directory, "vigil.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string keepalivedConf = VigilRunNetnsTests.WriteConfig(_directory, "keepalived.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", vigilConf);
        // Vigil first: keepalived's 0.36 s Master_Down_Interval is shorter than .NET start-up, and the
        // test is about keepalived accepting a running master's adverts, not about a start-up race.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "Vigil (MASTER) should take the VIP", vigil);
        using KeepalivedProcess keepalived = KeepalivedProcess.Start(b, keepalivedConf, _directory);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
                () => keepalived.Log.Contains("Entering BACKUP STATE", StringComparison.Ordinal),
                "keepalived should start as BACKUP", vigil, keepalived.Output);
            Thread.Sleep(1000); // ~10 adverts; the steady state itself is the interop matrix's subject (Interop/)
            Assert.DoesNotContain("Entering MASTER STATE", keepalived.Log, StringComparison.Ordinal);
            Assert.True(keepalived.Complaints().Count == 0, "keepalived rejected Vigil's adverts:\n" + string.Join('\n', keepalived.Complaints()));

            var handover = Stopwatch.StartNew();
            vigil.Terminate();
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => VigilRunNetnsTests.HasVip(b),
                "after SIGTERM of Vigil, keepalived should take the VIP", vigil, keepalived.Output);
            output.WriteLine($"SIGTERM of Vigil → VIP on keepalived: {handover.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.False(VigilRunNetnsTests.HasVip(a), "the stopped Vigil must remove its VIP");
        }
        finally
        {
            output.WriteLine(keepalived.Log);
        }
    }

    [SkippableFact]
    public void KeepalivedMasterVigilBackup_V3Unicast_VigilTakesOverOnKeepalivedsPriorityZeroAdvert()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create("kaz");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        // advert_int 1: Skew_Time (0.65 s at priority 90) and Master_Down_Interval (3.65 s) far apart, so the reason
        // Vigil logs tells which of the two ended its BACKUP state; no wall-clock assertion needed.
        string keepalivedConf = VigilRunNetnsTests.WriteConfig(_directory, "keepalived.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "1");
        string vigilConf = VigilRunNetnsTests.WriteConfig(_directory, "vigil.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "1");

        using KeepalivedProcess keepalived = KeepalivedProcess.Start(a, keepalivedConf, _directory);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "keepalived (MASTER) should take the VIP", keepalived.Output);
        using VigilProcess vigil = VigilProcess.Start(b, "run", "-f", vigilConf);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
                () => vigil.StandardError.Contains("-> Backup", StringComparison.Ordinal), "Vigil should enter BACKUP", vigil, keepalived.Output);
            Thread.Sleep(2000); // two adverts: Vigil learns keepalived as its master
            Assert.DoesNotContain("-> Master", vigil.StandardError, StringComparison.Ordinal);

            var handover = Stopwatch.StartNew();
            output.WriteLine($"SIGTERM to keepalived at {DateTime.UtcNow:HH:mm:ss.fff} (Vigil's log is in UTC)");
            keepalived.Stop();
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => VigilRunNetnsTests.HasVip(b),
                "after SIGTERM of keepalived, Vigil should take the VIP", vigil, keepalived.Output);
            output.WriteLine($"SIGTERM of keepalived → VIP on Vigil: {handover.Elapsed.TotalMilliseconds:F0} ms (keepalived's exit included)");
            string takeover = vigil.StandardError.Split('\n').Single(line => line.Contains("Backup -> Master", StringComparison.Ordinal));
            Assert.Contains("master 192.0.2.1 released (sent priority 0)", takeover, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
            output.WriteLine(keepalived.Log);
        }
    }
}
