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
        // A second wire from a to b, so one capture in b sees the GARPs of both interfaces.
        a.Ip("link", "add", "vgg0", "type", "veth", "peer", "name", "vgg1", "netns", b.Namespace);
        a.Ip("addr", "add", "198.51.100.1/24", "dev", "vgg0");
        a.Ip("link", "set", "vgg0", "up");
        b.Ip("link", "set", "vgg1", "up");
        var interval = TimeSpan.FromMilliseconds(300);
        string conf = Path.Combine(_directory, "vigil.conf");
        File.WriteAllText(conf, $$"""
            garp_group {
                garp_interval 0.3
                interfaces {
                    {{a.Interface}}
                    vgg0
                }
            }
            vrrp_instance VI_1 {
                interface {{a.Interface}}
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
                interface vgg0
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
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        var garps = new List<(string Vip, TimeSpan At)>();
        while (garps.Count < 4 && capture.WaitForStamped(IsGarpForAVip, TimeSpan.FromSeconds(20)) is { } seen)
        {
            garps.Add((seen.Frame.AsSpan(28, 4).SequenceEqual(s_vip1) ? "192.0.2.100" : "198.51.100.100", seen.ReceivedAt));
        }

        output.WriteLine(string.Join('\n', garps.Select(g => $"{g.At.TotalMilliseconds - garps[0].At.TotalMilliseconds,8:F1} ms  {g.Vip}")));
        Assert.True(garps.Count == 4, $"expected 2 GARPs for each VIP, saw {garps.Count}\n{vigil.StandardError}");
        Assert.Equal(2, garps.Count(g => g.Vip == "192.0.2.100"));
        // Lower bounds only (a loaded host can only make them later): one budget for both wires.
        for (int i = 1; i < garps.Count; i++)
        {
            TimeSpan gap = garps[i].At - garps[i - 1].At;
            Assert.True(gap >= interval - TimeSpan.FromMilliseconds(5), $"GARP {i} left {gap.TotalMilliseconds:F1} ms after the previous one; the group's garp_interval is 300 ms\n{vigil.StandardError}");
        }
    }

    // ARP sender IP at 28.
    private static bool IsGarpForAVip(byte[] frame) =>
        frame.Length >= 42 && (frame.AsSpan(28, 4).SequenceEqual(s_vip1) || frame.AsSpan(28, 4).SequenceEqual(s_vip2));
}
