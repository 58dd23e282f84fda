using System.Diagnostics;
using System.Net;
using Vigil.Linux.Tests.Integration.Interop;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `vigil run` pairs on events from the kernel and on IPv6: the master's link going down (rtnetlink link event →
/// FAULT, VIP released, the backup takes over) and coming back (FAULT cleared, preempts back); an IPv6 VIP with
/// VRRPv3 adverts to ff02::12 and unsolicited neighbour advertisements from whichever node becomes master.
/// </summary>
public sealed class VigilRunLinkNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-link-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_MasterLinkDownThenUp_FaultMovesVipThenRecoversAndPreemptsBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("runlk");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string masterConf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string backupConf = VigilRunNetnsTests.WriteConfig(_directory, "b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the VIP and the BACKUP be up", master, backup);

        // Root in a namespace may use SCHED_RR unless the cgroup gives no RT budget; either way it is said once.
        Assert.Contains("SCHED_RR priority 10", master.StandardError, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        a.Ip("link", "set", "dev", a.Interface, "down");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => master.StandardError.Contains("Master -> Fault (interface down)", StringComparison.Ordinal),
            "link down on the master's interface should put its instance in FAULT", master);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => VigilRunNetnsTests.HasVip(b) && !VigilRunNetnsTests.HasVip(a),
            "in FAULT the old master releases the VIP and the backup takes it", master, backup);
        output.WriteLine($"link down → VIP on the backup only: {clock.Elapsed.TotalMilliseconds:F0} ms");

        clock.Restart();
        a.Ip("link", "set", "dev", a.Interface, "up");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => master.StandardError.Contains("Fault -> Backup", StringComparison.Ordinal),
            "link up should clear the FAULT", master);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => VigilRunNetnsTests.HasVip(a) && !VigilRunNetnsTests.HasVip(b),
            "the recovered higher-priority node (state MASTER: preempts) should take the VIP back", master, backup);
        output.WriteLine($"link up → VIP back on the recovered master only: {clock.Elapsed.TotalMilliseconds:F0} ms");
        output.WriteLine(master.StandardError);
    }

    [SkippableFact]
    public void VigilRun_Ipv6V3Multicast_AdvertsToFf0212AndUnsolicitedNaFromEachNewMaster()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("six");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "2001:db8::1/64", "2001:db8::2/64");
        LabNode watcher = lab.AddNode("w");
        InteropCase v6 = InteropCase.Named("v6-v3-multicast-0.1");
        string masterConf = v6.WriteConfig(_directory, "a.conf", a, "MASTER", InteropCase.MasterPriority, "", "");
        string backupConf = v6.WriteConfig(_directory, "b.conf", b, "BACKUP", InteropCase.BackupPriority, "", "");
        byte[] vip = IPAddress.Parse(v6.Vip).GetAddressBytes();
        byte[] group = IPAddress.Parse("ff02::12").GetAddressBytes();
        using FrameCapture capture = watcher.InNamespace(() => FrameCapture.Open(0x86DD));

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => v6.Holds(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the IPv6 VIP and the BACKUP be up", master, backup);
        Assert.NotNull(capture.WaitFor(frame => IsNeighborAdvertisementFor(frame, vip, a.HardwareAddress())));
        // RFC 5798 §5.1.2: VRRP (next header 112) to ff02::12 with hop limit 255, from the master's link-local address.
        byte[]? advert = capture.WaitFor(frame => frame.Length > 54 && frame[20] == 112 && frame.AsSpan(38, 16).SequenceEqual(group)
            && frame.AsSpan(6, 6).SequenceEqual(a.HardwareAddress()));
        Assert.NotNull(advert);
        Assert.Equal(255, advert[21]);
        Assert.True(new IPAddress(advert[22..38]).IsIPv6LinkLocal, "the IPv6 advert's source is the link-local address");
        Assert.False(v6.Holds(b), "only the master holds the VIP");

        master.KillHard();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => v6.Holds(b), "after kill -9 the backup should hold the IPv6 VIP", master, backup);
        Assert.NotNull(capture.WaitFor(frame => IsNeighborAdvertisementFor(frame, vip, b.HardwareAddress())));
    }

    /// <summary>An ICMPv6 neighbour advertisement (type 136, no extension headers) for <paramref name="target"/> sent from <paramref name="mac"/>.</summary>
    private static bool IsNeighborAdvertisementFor(byte[] frame, byte[] target, byte[] mac) =>
        frame.Length >= 78 && frame[20] == 58 && frame[54] == 136 && frame.AsSpan(62, 16).SequenceEqual(target) && frame.AsSpan(6, 6).SequenceEqual(mac);
}
