using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Tests.Netns;
using Vigil.Linux.Vrrp;

namespace Vigil.Linux.Tests.Integration;

/// <summary>Real raw sockets between two namespaces on one bridge.</summary>
public sealed class VrrpSocketNetnsTests
{
    // A VRRPv3 advertisement shape (version 3, type 1, VRID 51, priority 100, 1 address, interval
    // 100 cs, checksum 0, 192.0.2.100); the socket layer does not look inside.
    private static readonly byte[] s_message = [0x31, 51, 100, 1, 0x00, 100, 0, 0, 192, 0, 2, 100];

    [SkippableFact]
    public void Send_IPv4Multicast_ReceiverGetsPayloadSourceGroupTtl255AndIfIndex()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vs4m");
        (LabNode a, LabNode b) = TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        IPAddress group = VrrpSocketOptions.DefaultGroupIPv4;
        using VrrpSocket sender = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetwork)));
        using VrrpSocket receiver = b.InNamespace(() => VrrpSocket.Open(Options(b, AddressFamily.InterNetwork, group)));

        sender.Send(s_message, group, IPAddress.Parse("192.0.2.1"));

        Received received = ReceiveOne(receiver);
        Assert.Equal(s_message, received.Payload);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), received.Source);
        Assert.Equal(group, received.Destination);
        Assert.Equal(255, received.HopLimit);
        Assert.Equal(b.InNamespace(() => RtNetlinkIndex(b)), received.InterfaceIndex);
    }

    [SkippableFact]
    public void Send_IPv4Unicast_ReceiverSeesItsOwnAddressAsDestination()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vs4u");
        (LabNode a, LabNode b) = TwoNodes(lab, "198.51.100.1/24", "198.51.100.2/24");
        using VrrpSocket sender = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetwork)));
        using VrrpSocket receiver = b.InNamespace(() => VrrpSocket.Open(Options(b, AddressFamily.InterNetwork)));

        sender.Send(s_message, IPAddress.Parse("198.51.100.2"), IPAddress.Parse("198.51.100.1"));

        Received received = ReceiveOne(receiver);
        Assert.Equal(s_message, received.Payload);
        Assert.Equal(IPAddress.Parse("198.51.100.1"), received.Source);
        Assert.Equal(IPAddress.Parse("198.51.100.2"), received.Destination);
        Assert.Equal(255, received.HopLimit);
    }

    [SkippableFact]
    public void Send_IPv6Multicast_ReceiverGetsHopLimit255DestinationAndKernelChecksum()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vs6m");
        (LabNode a, LabNode b) = TwoNodes(lab, "2001:db8::1/64", "2001:db8::2/64");
        IPAddress group = VrrpSocketOptions.DefaultGroupIPv6;
        using VrrpSocket sender = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetworkV6)));
        using VrrpSocket receiver = b.InNamespace(() => VrrpSocket.Open(Options(b, AddressFamily.InterNetworkV6, group)));

        sender.Send(s_message, group, IPAddress.Parse("2001:db8::1"));

        Received received = ReceiveOne(receiver);
        Assert.Equal(s_message.Length, received.Payload.Length);
        Assert.Equal(s_message[..6], received.Payload[..6]);
        Assert.NotEqual(0, received.Payload[6] | received.Payload[7]); // IPV6_CHECKSUM filled it in
        Assert.Equal(IPAddress.Parse("2001:db8::1"), received.Source);
        Assert.Equal(group, received.Destination);
        Assert.Equal(255, received.HopLimit);
    }

    [SkippableFact]
    public void Send_MulticastWithLoopbackOff_SenderDoesNotHearItself()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vslo");
        (LabNode a, LabNode b) = TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        IPAddress group = VrrpSocketOptions.DefaultGroupIPv4;
        using VrrpSocket self = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetwork, group)));
        using VrrpSocket peer = b.InNamespace(() => VrrpSocket.Open(Options(b, AddressFamily.InterNetwork, group)));

        self.Send(s_message, group, IPAddress.Parse("192.0.2.1"));

        // The peer's copy proves the packet left; by then a looped-back copy would be queued too.
        Assert.Equal(IPAddress.Parse("192.0.2.1"), ReceiveOne(peer).Source);
        Assert.Equal(ReceiveStatus.NothingPending, self.TryReceive(out _));
    }

    [SkippableFact]
    public async Task Wait_WokenFromAnotherThread_ReturnsWoken()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vswk");
        LabNode a = lab.AddNode("a");
        using VrrpSocket socket = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetwork)));

        Task<WaitOutcome> waiting = Task.Factory.StartNew(() => socket.Wait(-1), TaskCreationOptions.LongRunning);
        socket.Wake();

        Assert.Equal(WaitOutcome.Woken, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [SkippableFact]
    public void Open_UnknownInterface_ThrowsNamingIt()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vsun");
        LabNode a = lab.AddNode("a");

        ArgumentException error = Assert.Throws<ArgumentException>(() => a.InNamespace(() =>
            VrrpSocket.Open(new VrrpSocketOptions { Family = AddressFamily.InterNetwork, InterfaceName = "vgnope0" })));
        Assert.Contains("vgnope0", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 13: `vigil run` counts an instance's first down timer from the moment its socket joined the group, before
    /// the reader thread exists; adverts arriving in between wait in the socket's buffer and the reader delivers them all.
    /// </summary>
    [SkippableFact]
    public async Task Receive_AdvertsArrivingBeforeTheReaderStarts_WaitInTheSocketAndAreAllDelivered()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("vsbuf");
        (LabNode a, LabNode b) = TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        IPAddress group = VrrpSocketOptions.DefaultGroupIPv4;
        using VrrpSocket sender = a.InNamespace(() => VrrpSocket.Open(Options(a, AddressFamily.InterNetwork)));
        using VrrpSocket receiver = b.InNamespace(() => VrrpSocket.Open(Options(b, AddressFamily.InterNetwork, group)));
        const int Sent = 5;
        for (int i = 0; i < Sent; i++)
        {
            sender.Send(s_message, group, IPAddress.Parse("192.0.2.1"));
        }

        Thread.Sleep(200); // the rest of the daemon's set-up
        var events = System.Threading.Channels.Channel.CreateUnbounded<Vigil.Daemon.EventLoop.DaemonEvent>();
        using (new Vigil.Daemon.Linux.SocketPacketReader(receiver, events.Writer))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            for (int i = 0; i < Sent; i++)
            {
                Vigil.Daemon.EventLoop.DaemonEvent received = await events.Reader.ReadAsync(timeout.Token);
                Assert.Equal(Vigil.Daemon.EventLoop.DaemonEventKind.PacketReceived, received.Kind);
                Assert.Equal(s_message, received.Packet.Message.ToArray());
            }
        }
    }

    internal static (LabNode A, LabNode B) TwoNodes(NetnsLab lab, string addressA, string addressB)
    {
        LabNode a = lab.AddNode("a");
        LabNode b = lab.AddNode("b");
        a.AddAddress(addressA);
        b.AddAddress(addressB);
        return (a, b);
    }

    private static VrrpSocketOptions Options(LabNode node, AddressFamily family, params IPAddress[] groups) => new()
    {
        Family = family,
        InterfaceName = node.Interface,
        MulticastGroups = groups,
    };

    private static int RtNetlinkIndex(LabNode node) => Netlink.RtNetlink.GetInterfaceIndex(node.Interface);

    /// <summary>Waits (bounded) for one datagram and copies it out of the socket's buffers.</summary>
    private static Received ReceiveOne(VrrpSocket socket)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (socket.Wait(500) != WaitOutcome.Ready)
            {
                continue;
            }

            ReceiveStatus status = socket.TryReceive(out VrrpDatagram datagram);
            if (status == ReceiveStatus.Received)
            {
                return new Received(
                    datagram.Payload.ToArray(),
                    new IPAddress(datagram.Source),
                    new IPAddress(datagram.Destination),
                    datagram.HopLimit,
                    datagram.InterfaceIndex);
            }

            Assert.Equal(ReceiveStatus.NothingPending, status);
        }

        throw new Xunit.Sdk.XunitException("no VRRP datagram arrived within 10 s");
    }

    private sealed record Received(byte[] Payload, IPAddress Source, IPAddress Destination, int HopLimit, int InterfaceIndex);
}
