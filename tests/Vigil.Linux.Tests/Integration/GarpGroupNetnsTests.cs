using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// garp_group under `vigil run`: the interfaces of one group share one GARP budget (keepalived's garp_delay shared
/// by the group's interfaces), so two instances becoming master together on two of its interfaces still send their
/// gratuitous ARPs one garp_interval apart across both wires.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GarpGroupNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly byte[] s_vip1 = [192, 0, 2, 100];
    private static readonly byte[] s_vip2 = [198, 51, 100, 100];
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-garp-group-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void GarpGroupOverTwoInterfaces_TwoInstancesTakingOverTogether_GarpsOneIntervalApartAcrossBoth()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("ggrp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        CreateWire(a, b, "vgg0", "vgg1");
        string conf = Config(a.Interface, "vgg0", "");
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertFourGarpsOneIntervalApart(capture, vigil, first: "192.0.2.100");
    }

    /// <summary>
    /// dynamic_interfaces: one of the group's interfaces deleted and created again (a new ifindex, a new announcement
    /// socket) still shares the group's budget: the sync group brings both instances back to MASTER together and their
    /// GARPs on both wires leave one garp_interval apart, as before the deletion.
    /// </summary>
    [SkippableFact]
    public void GarpGroupOverTwoInterfaces_OneDeletedAndCreatedAgain_GarpsStillOneIntervalApartAcrossBoth()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("ggre");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string dynamic = lab.Prefix + "g";
        string peer = lab.Prefix + "h";
        CreateWire(a, b, dynamic, peer);
        string conf = Config(a.Interface, dynamic, """
            global_defs {
                dynamic_interfaces
            }
            vrrp_sync_group G {
                group {
                    VI_1
                    VI_2
                }
            }

            """);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(vigil.StandardError, "-> Master") == 2, "both instances should become MASTER", vigil);
        a.Ip("link", "del", "dev", dynamic);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => Count(vigil.StandardError, "Master -> Fault") == 2,
            "deleting the group's second interface should put both (one sync group) in FAULT", vigil);
        // Drain the first takeover's GARPs, so the four measured are the re-creation's.
        var drain = Stopwatch.StartNew();
        while (drain.Elapsed < TimeSpan.FromMilliseconds(1500))
        {
            _ = capture.WaitForStamped(_ => true, TimeSpan.FromMilliseconds(200));
        }

        CreateWire(a, b, dynamic, peer);
        AssertFourGarpsOneIntervalApart(capture, vigil, first: "198.51.100.100");
        Assert.Equal(4, Count(vigil.StandardError, "-> Master"));
    }

    /// <summary>Two GARPs for each VIP, those of the instance that took over first first, each one garp_interval (300 ms) after the previous one.</summary>
    private void AssertFourGarpsOneIntervalApart(FrameCapture capture, VigilProcess vigil, string first)
    {
        var interval = TimeSpan.FromMilliseconds(300);
        var garps = new List<(string Vip, TimeSpan At)>();
        while (garps.Count < 4 && capture.WaitForStamped(IsGarpForAVip, TimeSpan.FromSeconds(20)) is { } seen)
        {
            garps.Add((seen.Frame.AsSpan(28, 4).SequenceEqual(s_vip1) ? "192.0.2.100" : "198.51.100.100", seen.ReceivedAt));
        }

        output.WriteLine(string.Join('\n', garps.Select(g => $"{g.At.TotalMilliseconds - garps[0].At.TotalMilliseconds,8:F1} ms  {g.Vip}")));
        Assert.True(garps.Count == 4, $"expected 2 GARPs for each VIP, saw {garps.Count}\n{vigil.StandardError}");
        Assert.Equal(2, garps.Count(g => g.Vip == first));
        // Lower bounds only (a loaded host can only make them later): one budget for both wires.
        for (int i = 1; i < garps.Count; i++)
        {
            TimeSpan gap = garps[i].At - garps[i - 1].At;
            Assert.True(gap >= interval - TimeSpan.FromMilliseconds(5), $"GARP {i} left {gap.TotalMilliseconds:F1} ms after the previous one; the group's garp_interval is 300 ms\n{vigil.StandardError}");
        }
    }

    /// <summary>A garp_group (garp_interval 0.3) over <paramref name="first"/> and <paramref name="second"/>, one instance on each (two GARPs on takeover), after <paramref name="head"/>.</summary>
    private string Config(string first, string second, string head)
    {
        string path = Path.Combine(_directory, "vigil.conf");
        File.WriteAllText(path, head + $$"""
            garp_group {
                garp_interval 0.3
                interfaces {
                    {{first}}
                    {{second}}
                }
            }
            vrrp_instance VI_1 {
                interface {{first}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                garp_master_repeat 2
                garp_master_delay 0
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance VI_2 {
                interface {{second}}
                virtual_router_id 52
                version 3
                priority 100
                advert_int 0.1
                garp_master_repeat 2
                garp_master_delay 0
                virtual_ipaddress {
                    198.51.100.100/24
                }
            }

            """);
        return path;
    }

    /// <summary>A second wire from a (<paramref name="name"/>, 198.51.100.1/24) to b (<paramref name="peer"/>), so one capture in b sees both.</summary>
    private static void CreateWire(LabNode a, LabNode b, string name, string peer)
    {
        a.Ip("link", "add", name, "type", "veth", "peer", "name", peer, "netns", b.Namespace);
        a.Ip("addr", "add", "198.51.100.1/24", "dev", name);
        a.Ip("link", "set", name, "up");
        b.Ip("link", "set", peer, "up");
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    // ARP sender IP at 28.
    private static bool IsGarpForAVip(byte[] frame) =>
        frame.Length >= 42 && (frame.AsSpan(28, 4).SequenceEqual(s_vip1) || frame.AsSpan(28, 4).SequenceEqual(s_vip2));
}
