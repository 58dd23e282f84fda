using System.Diagnostics;
using System.Globalization;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// Vigil against the real keepalived on one lab segment: a Vigil MASTER (priority 100) and a keepalived
/// BACKUP (priority 90), VRRPv3 unicast, advert_int 0.1, same VRID and VIP. keepalived must accept Vigil's
/// adverts (checksum over the IPv4 pseudo-header, RFC 5798 §5.2.8; matching interval) and stay backup,
/// then take over within Master_Down_Interval once Vigil stops.
/// </summary>
public sealed class KeepalivedInteropNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string Keepalived = "/usr/sbin/keepalived";
    private static readonly string[] s_complaints = ["checksum", "auth", "interval"];

    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-keepalived-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilMasterKeepalivedBackup_V3Unicast_KeepalivedStaysBackupThenTakesOverOnSigterm()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(File.Exists(Keepalived), "interop test needs keepalived at " + Keepalived);
        using NetnsLab lab = NetnsLab.Create("kai");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string vigilConf = VigilRunNetnsTests.WriteConfig(_directory, "vigil.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string keepalivedConf = VigilRunNetnsTests.WriteConfig(_directory, "keepalived.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");
        string vrrpPidFile = Path.Combine(_directory, "v.pid");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", vigilConf);
        // Vigil first: keepalived's 0.36 s Master_Down_Interval is shorter than .NET start-up, and the
        // test is about keepalived accepting a running master's adverts, not about a start-up race.
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "Vigil (MASTER) should take the VIP", vigil);
        using VigilProcess keepalived = VigilProcess.StartProgram(b, Keepalived, "--vrrp", "-n", "-l", "-D", "-G",
            "-f", keepalivedConf, "-p", Path.Combine(_directory, "k.pid"), "-r", vrrpPidFile);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
                () => keepalived.StandardError.Contains("Entering BACKUP STATE", StringComparison.Ordinal),
                "keepalived should start as BACKUP", vigil, keepalived);
            Thread.Sleep(2000); // settle: keepalived has started and seen ~20 adverts
            var steady = Stopwatch.StartNew();
            while (steady.Elapsed < TimeSpan.FromSeconds(2))
            {
                Assert.True(VigilRunNetnsTests.HasVip(a) && !VigilRunNetnsTests.HasVip(b),
                    "steady state: only Vigil holds the VIP\n" + keepalived.StandardError);
                Thread.Sleep(100);
            }

            Assert.DoesNotContain("Entering MASTER STATE", keepalived.StandardError, StringComparison.Ordinal);
            string[] complaints = [.. keepalived.StandardError.Split('\n')
                .Where(line => s_complaints.Any(word => line.Contains(word, StringComparison.OrdinalIgnoreCase)))];
            Assert.True(complaints.Length == 0, "keepalived rejected Vigil's adverts:\n" + string.Join('\n', complaints));

            var handover = Stopwatch.StartNew();
            vigil.Terminate();
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => VigilRunNetnsTests.HasVip(b),
                "after SIGTERM of Vigil, keepalived should take the VIP", vigil, keepalived);
            output.WriteLine($"SIGTERM of Vigil → VIP on keepalived: {handover.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.False(VigilRunNetnsTests.HasVip(a), "the stopped Vigil must remove its VIP");
        }
        finally
        {
            StopKeepalived(keepalived, vrrpPidFile);
            output.WriteLine(keepalived.StandardError);
        }
    }

    /// <summary>SIGTERM to the parent (it stops its VRRP child); the child is killed by its pid file if it outlived the parent.</summary>
    private static void StopKeepalived(VigilProcess keepalived, string vrrpPidFile)
    {
        string? child = File.Exists(vrrpPidFile) ? File.ReadAllText(vrrpPidFile).Trim() : null;
        Command.Run("kill", "-TERM", keepalived.Id.ToString(CultureInfo.InvariantCulture));
        keepalived.WaitForExit(TimeSpan.FromSeconds(10));
        if (child is not null && int.TryParse(child, NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            && File.Exists($"/proc/{pid}/cmdline")
            && File.ReadAllText($"/proc/{pid}/cmdline").Contains("keepalived", StringComparison.Ordinal))
        {
            Command.Run("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
        }
    }
}
