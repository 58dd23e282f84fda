using System.Diagnostics;
using System.Net;
using Vigil.Daemon.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>vrrp_garp_interval pacing: a burst handed to <see cref="SpacedAnnouncementSender"/> leaves the interface spaced out.</summary>
public sealed class SpacedAnnouncementNetnsTests
{
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
}
