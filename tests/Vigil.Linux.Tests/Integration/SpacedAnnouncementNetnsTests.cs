using System.Diagnostics;
using System.Net;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>vrrp_garp_interval pacing: a burst handed to <see cref="SpacedAnnouncementSender"/> leaves the interface spaced out.</summary>
public sealed class SpacedAnnouncementNetnsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-spaced-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// A MASTER whose paced burst (vrrp_garp_interval 1, four GARPs) is still queued when it leaves for FAULT: the GARPs
    /// not sent yet are dropped, as keepalived 2.2.7's vrrp_remove_delayed_arp does; the VIP is gone, so announcing it
    /// would draw its traffic to a node that no longer holds it.
    /// </summary>
    [SkippableFact]
    public void VigilRun_PacedBurstQueuedWhenMasterGoesToFault_RemainingGarpsDropped()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("gwd");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string tracked = VigilRunNetnsTests.AddLocalVeth(lab, a);
        string conf = Path.Combine(_directory, "a.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                vrrp_garp_interval 1
            }
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                garp_master_repeat 4
                garp_master_delay 0
                track_interface {
                    {{tracked}}
                }
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }

            """);
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the lone MASTER should take the VIP", vigil);
        a.Ip("link", "set", tracked, "down"); // the first GARP is out, three wait a second each
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "MASTER -> FAULT", vigil);
        int garps = capture.Collect(TimeSpan.FromSeconds(4.5)).Count(f => f.Length >= GratuitousArp.FrameLength && f.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 }));

        Assert.True(garps is >= 1 and <= 2, $"the GARPs queued when the MASTER left should be dropped: saw {garps} of the burst's 4\n{vigil.StandardError}");
    }

    [SkippableFact]
    public void Enqueue_GarpInterval100Ms_ThreeGarpsArriveNoSoonerThanTwoIntervals()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("gsp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        byte[] vip = [192, 0, 2, 100];
        using AnnouncementSocket socket = a.InNamespace(() => AnnouncementSocket.Open(RtNetlink.GetInterfaceIndex(a.Interface), a.HardwareAddress()));
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));
        var interval = TimeSpan.FromMilliseconds(100);
        using var sender = new SpacedAnnouncementSender();

        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3; i++)
        {
            sender.Enqueue(socket, new IPAddress(vip), isRouter: false, a.Interface, interval);
        }

        for (int i = 0; i < 3; i++)
        {
            Assert.NotNull(capture.WaitFor(f => f.Length >= GratuitousArp.FrameLength && f.AsSpan(28, 4).SequenceEqual(vip)));
        }

        // A lower bound only (a loaded host can only make it later): the third GARP leaves two intervals after the first.
        Assert.True(clock.Elapsed >= (2 * interval) - TimeSpan.FromMilliseconds(5), $"three GARPs within {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>
    /// The announcer's per-socket pacing entries go when the daemon closes the socket (its interface deleted under
    /// dynamic_interfaces), and its per-router targets when a reload removes the router: nothing piles up as
    /// interfaces and instances come and go.
    /// </summary>
    [SkippableFact]
    public void PacketAddressAnnouncer_SocketForgottenRouterUnregistered_NothingKept()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("gfg");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        using AnnouncementSocket socket = a.InNamespace(() => AnnouncementSocket.Open(RtNetlink.GetInterfaceIndex(a.Interface), a.HardwareAddress()));
        var router = new VirtualRouter(new VirtualRouterOptions
        {
            Name = "vi_1",
            VirtualRouterId = 51,
            Version = 3,
            Priority = 100,
            AdvertInterval = TimeSpan.FromMilliseconds(100),
            PrimaryAddress = NetAddress.Parse("192.0.2.1"),
        });
        var binding = new RouterBinding(router, socket.InterfaceIndex, new ReceiveExpectation { Version = 3, VirtualRouterId = 51, AdverIntervalCentiseconds = 10 });
        using var announcer = new PacketAddressAnnouncer(new AnnouncementPacing(TimeSpan.FromMilliseconds(10), TimeSpan.Zero));
        announcer.SetBaseInterface(socket, a.Interface);
        announcer.Register(router, [(socket, IPAddress.Parse("192.0.2.100"))]);
        announcer.RegisterExtraInterfaces(router, []);
        announcer.Announce(binding, 1); // paced: the socket gets its pace

        announcer.Withdraw(binding); // it left MASTER once: its paced frames carry a withdrawal generation
        announcer.Announce(binding, 1);

        Assert.Equal(((1, 1), (1, 1, 1)), (announcer.SocketEntries, announcer.RouterEntries));

        announcer.Forget(socket);
        announcer.Unregister(router);

        Assert.Equal(((0, 0), (0, 0, 0)), (announcer.SocketEntries, announcer.RouterEntries));
    }
}
