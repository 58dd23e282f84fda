using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// Vigil against the real keepalived on one lab segment: a Vigil MASTER (priority 100) and a keepalived
/// BACKUP (priority 90), VRRPv3 unicast, advert_int 0.1, same VRID and VIP. keepalived must accept Vigil's
/// adverts (checksum over the IPv4 pseudo-header, RFC 5798 §5.2.8; matching interval) and stay backup,
/// then take over within Skew_Time once Vigil stops gracefully (priority-0 advert, RFC 5798 §6.4.3).
/// The crash (kill -9) cases in both directions and every protocol variant are in Interop/.
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
}
