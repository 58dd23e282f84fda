using System.Buffers.Binary;
using System.Net;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>Gratuitous ARP and unsolicited NA sent in one namespace, captured in another.</summary>
public sealed class AnnouncementNetnsTests
{
    [SkippableFact]
    public void SendGratuitousArp_OtherNodeCapturesBroadcastRequestForVip()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("garp");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        byte[] mac = a.HardwareAddress();
        using AnnouncementSocket announcer = a.InNamespace(() => AnnouncementSocket.Open(RtNetlink.GetInterfaceIndex(a.Interface), mac));
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0806));

        announcer.SendGratuitousArp(IPAddress.Parse("192.0.2.100"));

        byte[]? frame = capture.WaitFor(f => f.Length >= GratuitousArp.FrameLength && f.AsSpan(28, 4).SequenceEqual(new byte[] { 192, 0, 2, 100 }));
        Assert.NotNull(frame);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, frame[0..6]);
        Assert.Equal(mac, frame[6..12]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(20))); // ARP request
        Assert.Equal(mac, frame[22..28]);
        Assert.Equal(new byte[] { 192, 0, 2, 100 }, frame[38..42]);
    }

    [SkippableFact]
    public void SendNeighborAdvertisement_OtherNodeCapturesValidUnsolicitedNaForVip()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("gna");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "2001:db8::1/64", "2001:db8::2/64");
        byte[] mac = a.HardwareAddress();
        byte[] vip = IPAddress.Parse("2001:db8::100").GetAddressBytes();
        using AnnouncementSocket announcer = a.InNamespace(() => AnnouncementSocket.Open(RtNetlink.GetInterfaceIndex(a.Interface), mac));
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x86DD));

        announcer.SendNeighborAdvertisement(IPAddress.Parse("2001:db8::100"), isRouter: false);

        byte[]? frame = capture.WaitFor(f => f.Length >= UnsolicitedNeighborAdvertisement.FrameLength && f[54] == 136 && f.AsSpan(62, 16).SequenceEqual(vip));
        Assert.NotNull(frame);
        Assert.Equal(255, frame[21]); // hop limit
        Assert.Equal(IPAddress.Parse("ff02::1").GetAddressBytes(), frame[38..54]);
        Assert.Equal(0x20, frame[58] & 0xE0); // Override only
        Assert.Equal(mac, frame[80..86]); // target link-layer address option
        Assert.Equal(0, Icmpv6Checksum.Compute(frame.AsSpan(22, 16), frame.AsSpan(38, 16), frame.AsSpan(54, 32)));
    }
}
