using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Core.Protocol;
using Vigil.Linux.Tests.Netns;
using Vigil.Linux.Vrrp;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// skip_check_adv_addr and garp_lower_prio_delay under `vigil run`, against the real keepalived 2.2.7: a backup
/// with skip_check_adv_addr keeps accepting its master's adverts after the master's virtual_ipaddress list changed
/// (a reload), one without drops them (VRRPv2) and takes over; and a master hearing a lower priority sends its
/// garp_lower_prio_repeat GARPs at once and again garp_lower_prio_delay later, on the wire, as keepalived does.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AdvertKeywordNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] s_vip = [192, 0, 2, 100];
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-advkw-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void SkipCheckAdvAddr_KeepalivedMastersListChangesOnReload_SkippingBackupStaysTheOtherTakesOver()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(KeepalivedProcess.IsInstalled, "interop test needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create("skad");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string keepalivedConf = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(keepalivedConf, SkipConfig(b.Interface, 200, "", extraVip: ""));
        string vigilConf = Path.Combine(_directory, "vigil.conf");
        File.WriteAllText(vigilConf, SkipConfig(a.Interface, 100, "skip_check_adv_addr", extraVip: ""));

        using KeepalivedProcess keepalived = KeepalivedProcess.Start(b, keepalivedConf, _directory);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(keepalived.Log, "Entering MASTER STATE") == 2,
                "keepalived should become MASTER of both instances", keepalived.Output);
            using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", vigilConf);
            try
            {
                VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(vigil.StandardError, "Initialize -> Backup") == 2,
                    "both Vigil instances should start as BACKUP", vigil);
                Thread.Sleep(2000); // adverts accepted: the master is known
                Assert.DoesNotContain("-> Master", vigil.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain("read but not applied", vigil.StandardError, StringComparison.Ordinal);

                // keepalived's instances get a second VIP and stay MASTER across the reload: their adverts now differ.
                File.WriteAllText(keepalivedConf, SkipConfig(b.Interface, 200, "", extraVip: "192.0.2.110/24"));
                keepalived.Output.Hangup();
                VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => b.ListAddresses().Any(x => x.Local == "192.0.2.110"),
                    "keepalived should add the new VIP on reload", keepalived.Output);

                // VRRPv2: the instance that compares drops every advert and takes over after Master_Down_Interval (~3.6 s).
                VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => vigil.StandardError.Contains("CHECKED: Backup -> Master", StringComparison.Ordinal),
                    "the instance without skip_check_adv_addr should drop the changed adverts and become MASTER", vigil, keepalived.Output);
                Thread.Sleep(2000); // well past SKIPPED's own Master_Down_Interval since the reload
                Assert.DoesNotContain("SKIPPED: Backup -> Master", vigil.StandardError, StringComparison.Ordinal);
            }
            finally
            {
                output.WriteLine(vigil.StandardError);
            }
        }
        finally
        {
            output.WriteLine(keepalived.Log);
        }
    }

    /// <summary>keepalived first (its measurement is the reference), then Vigil on the same config.</summary>
    [SkippableTheory]
    [InlineData("keepalived")]
    [InlineData("vigil")]
    public void GarpLowerPrioDelay_MasterHearsLowerPriority_BurstAtOnceAndAgainTwoSecondsLater(string program)
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.If(program == "keepalived" && !KeepalivedProcess.IsInstalled, "needs keepalived at " + KeepalivedProcess.Program);
        using NetnsLab lab = NetnsLab.Create(program == "vigil" ? "glpv" : "glpk");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = Path.Combine(_directory, program + ".conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 200
                advert_int 1
                garp_master_repeat 1
                garp_master_delay 0
                garp_lower_prio_repeat 2
                garp_lower_prio_delay 2
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }

            """);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));
        using VrrpSocket sender = b.InNamespace(() => VrrpSocket.Open(new VrrpSocketOptions { Family = AddressFamily.InterNetwork, InterfaceName = b.Interface }));

        using KeepalivedProcess? keepalived = program == "keepalived" ? KeepalivedProcess.Start(a, conf, _directory) : null;
        using VigilProcess? vigil = keepalived is null ? VigilProcess.Start(a, "run", "-f", conf) : null;
        VigilProcess process = keepalived?.Output ?? vigil!;
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => a.ListAddresses().Any(x => x.Local == "192.0.2.100"), "the lone node should become MASTER", process);
            Thread.Sleep(1500); // the takeover GARP is out
            _ = capture.Collect(TimeSpan.FromMilliseconds(200));

            var clock = Stopwatch.StartNew();
            sender.Send(LowerPriorityAdvert(), VrrpSocketOptions.DefaultGroupIPv4, IPAddress.Parse("192.0.2.2"));
            var garps = new List<TimeSpan>();
            while (clock.Elapsed < TimeSpan.FromSeconds(4.5) && capture.WaitFor(IsVipGarp, TimeSpan.FromSeconds(4.5) - clock.Elapsed) is not null)
            {
                garps.Add(clock.Elapsed);
            }

            output.WriteLine($"{program}: GARPs at " + string.Join(", ", garps.Select(g => $"{g.TotalMilliseconds:F0} ms")));
            Assert.True(garps.Count == 4, $"{program}: expected 2 GARPs at once and 2 after garp_lower_prio_delay, saw {garps.Count}\n{process.StandardError}");
            Assert.True(garps[1] < TimeSpan.FromSeconds(1), $"{program}: the first burst should follow the lower-priority advert at once ({garps[1].TotalMilliseconds:F0} ms)");
            // Lower bound only (a loaded host can only make it later); upper bound loose: it must be the delayed burst.
            TimeSpan gap = garps[2] - garps[1];
            Assert.True(gap >= TimeSpan.FromSeconds(2) - TimeSpan.FromMilliseconds(300) && garps[3] < TimeSpan.FromSeconds(4),
                $"{program}: the second burst should leave garp_lower_prio_delay (2 s) after the first, left {gap.TotalMilliseconds:F0} ms after it");
        }
        finally
        {
            output.WriteLine(process.StandardError);
        }
    }

    /// <summary>Two v2 instances, SKIPPED with <paramref name="skip"/> and CHECKED without; <paramref name="extraVip"/> adds a VIP to both.</summary>
    private static string SkipConfig(string device, int priority, string skip, string extraVip) => $$"""
        vrrp_instance SKIPPED {
            interface {{device}}
            virtual_router_id 51
            version 2
            priority {{priority}}
            advert_int 1
            {{skip}}
            virtual_ipaddress {
                192.0.2.100/24
                {{extraVip}}
            }
        }
        vrrp_instance CHECKED {
            interface {{device}}
            virtual_router_id 52
            version 2
            priority {{priority}}
            advert_int 1
            virtual_ipaddress {
                192.0.2.101/24
                {{extraVip}}
            }
        }

        """;

    /// <summary>A VRRPv3 advert from 192.0.2.2 at priority 50 for VRID 51 with the instance's VIP (checksum over the pseudo-header).</summary>
    private static byte[] LowerPriorityAdvert()
    {
        var header = new Advertisement(3, IpFamily.IPv4, 51, 50, 1, 100);
        var message = new byte[header.Length];
        AdvertisementCodec.Write(message, header, s_vip, default, NetAddress.Parse("192.0.2.2"), NetAddress.FromIPAddress(VrrpSocketOptions.DefaultGroupIPv4));
        return message;
    }

    // ARP sender IP at 28.
    private static bool IsVipGarp(byte[] frame) => frame.Length >= 42 && frame.AsSpan(28, 4).SequenceEqual(s_vip);

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
