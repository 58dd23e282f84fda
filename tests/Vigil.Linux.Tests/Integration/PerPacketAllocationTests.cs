using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;
using Vigil.Linux.Vrrp;

namespace Vigil.Linux.Tests.Integration;

/// <summary>Issue 4: the per-packet path does not allocate. Measured with the thread's allocation counter.</summary>
public sealed class PerPacketAllocationTests
{
    private static readonly byte[] s_message = [0x31, 51, 100, 1, 0x00, 100, 0, 0, 192, 0, 2, 100];

    [SkippableFact]
    public void SendWaitReceive_SteadyState_AllocatesNothing()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("alloc");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        IPAddress group = VrrpSocketOptions.DefaultGroupIPv4;
        IPAddress source = IPAddress.Parse("192.0.2.1");
        using VrrpSocket sender = a.InNamespace(() => VrrpSocket.Open(new VrrpSocketOptions { Family = AddressFamily.InterNetwork, InterfaceName = a.Interface }));
        using VrrpSocket receiver = b.InNamespace(() => VrrpSocket.Open(new VrrpSocketOptions { Family = AddressFamily.InterNetwork, InterfaceName = b.Interface, MulticastGroups = [group] }));
        byte[] mac = a.HardwareAddress();
        using AnnouncementSocket announcer = a.InNamespace(() => AnnouncementSocket.Open(RtNetlink.GetInterfaceIndex(a.Interface), mac));
        IPAddress vip = IPAddress.Parse("192.0.2.100");

        int received = RoundTrips(sender, receiver, group, source, announcer, vip, count: 20); // warm up: JIT, first-call stubs
        long before = GC.GetAllocatedBytesForCurrentThread();
        received += RoundTrips(sender, receiver, group, source, announcer, vip, count: 200);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(220, received);
        Assert.Equal(0, allocated);
    }

    private static int RoundTrips(VrrpSocket sender, VrrpSocket receiver, IPAddress group, IPAddress source, AnnouncementSocket announcer, IPAddress vip, int count)
    {
        int received = 0;
        for (int i = 0; i < count; i++)
        {
            sender.Send(s_message, group, source);
            announcer.SendGratuitousArp(vip);
            for (int attempt = 0; attempt < 20 && receiver.Wait(500) == WaitOutcome.Ready; attempt++)
            {
                if (receiver.TryReceive(out VrrpDatagram datagram) == ReceiveStatus.Received && datagram.HopLimit == 255 && datagram.Payload.Length == s_message.Length)
                {
                    received++;
                    break;
                }
            }
        }

        return received;
    }
}
