using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;
using Vigil.Linux.Vrrp;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// End to end without mocks: two event loops, each in its own namespace with real raw sockets,
/// rtnetlink and AF_PACKET, elect a master over the bridge; the VIP is checked with `ip -j addr`.
/// </summary>
public sealed class EventLoopNetnsTests
{
    private const string Vip = "192.0.2.100";

    [SkippableFact]
    public async Task TwoLoops_HigherPriorityHoldsVip_ThenOnStopTheOtherTakesOver()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("loop");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        await using Node low = Node.Start(a, "192.0.2.1", priority: 100);
        await using Node high = Node.Start(b, "192.0.2.2", priority: 200);

        Assert.True(WaitUntil(() => HasVip(b) && !HasVip(a)), "the priority-200 node should hold the VIP alone");

        await high.StopAsync();

        Assert.True(WaitUntil(() => HasVip(a) && !HasVip(b)), "after the master's priority-0 goodbye the backup should take the VIP");
        Assert.Equal(RouterState.Master, low.Router.State);
        Assert.True(low.Binding.Counters.Accepted > 0);
    }

    [SkippableFact]
    public async Task TwoLoops_MasterLinkDown_BackupTakesVipThenLinkUpMasterPreemptsBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lnk");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        await using Node low = Node.Start(a, "192.0.2.1", priority: 100);
        await using Node high = Node.Start(b, "192.0.2.2", priority: 200);
        Assert.True(WaitUntil(() => HasVip(b) && !HasVip(a)), "the priority-200 node should hold the VIP alone");

        b.Ip("link", "set", b.Interface, "down");

        Assert.True(WaitUntil(() => HasVip(a) && !HasVip(b)), "with the master's link down the backup should take the VIP");
        Assert.True(WaitUntil(() => high.Router.State == RouterState.Fault), "the master should be in FAULT");

        b.Ip("link", "set", b.Interface, "up");

        Assert.True(WaitUntil(() => HasVip(b) && !HasVip(a)), "after link up the higher priority should preempt back");
    }

    private static bool HasVip(LabNode node) => node.ListAddresses().Any(x => x.Local == Vip);

    private static bool WaitUntil(Func<bool> condition)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }

    /// <summary>
    /// The event loop wired by hand inside a lab namespace, so the tests can read router state and counters.
    /// It repeats part of VrrpDaemon.Create (Vigil.Daemon/Hosting); `vigil run` itself is tested in VigilRunNetnsTests.
    /// </summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly Channel<DaemonEvent> _events = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
        private readonly List<IDisposable> _resources = [];
        private Task? _running;

        private Node()
        {
        }

        public VirtualRouter Router { get; private set; } = null!;

        public RouterBinding Binding { get; private set; } = null!;

        public static Node Start(LabNode lab, string primary, int priority)
        {
            var node = new Node();
            NetAddress self = NetAddress.Parse(primary);
            NetAddress vip = NetAddress.Parse(Vip);
            IPAddress group = VrrpSocketOptions.DefaultGroupIPv4;
            (VrrpSocket socket, RtNetlink netlink, AnnouncementSocket announcer, int index, LinkMonitor monitor, RtNetlink dumper) = lab.InNamespace(() =>
            {
                int ifindex = RtNetlink.GetInterfaceIndex(lab.Interface);
                return (
                    VrrpSocket.Open(new VrrpSocketOptions { Family = AddressFamily.InterNetwork, InterfaceName = lab.Interface, MulticastGroups = [group] }),
                    RtNetlink.Open(),
                    AnnouncementSocket.Open(ifindex, lab.HardwareAddress()),
                    ifindex,
                    LinkMonitor.Open(),
                    RtNetlink.Open());
            });
            node._resources.AddRange([socket, netlink, announcer, monitor, dumper]);

            node.Router = new VirtualRouter(new VirtualRouterOptions
            {
                Name = "vi_" + priority,
                VirtualRouterId = 51,
                Version = 3,
                Priority = priority,
                AdvertInterval = TimeSpan.FromMilliseconds(100),
                PrimaryAddress = self,
            });
            byte[] vipBytes = ReceiveExpectation.AddressBytes([vip]);
            node.Binding = new RouterBinding(node.Router, index, new ReceiveExpectation
            {
                Version = 3,
                VirtualRouterId = 51,
                AdverIntervalCentiseconds = 10,
                VirtualAddresses = vipBytes,
            });

            var sender = new SocketAdvertisementSender();
            sender.Register(node.Router, new AdvertisementTarget(socket, [group], IPAddress.Parse(primary), vipBytes, []));
            var addresses = new NetlinkAddressManager(netlink);
            addresses.Register(node.Router, [new InterfaceAddress(index, IPAddress.Parse(Vip), 32)]);
            var announce = new PacketAddressAnnouncer();
            announce.Register(node.Router, [(announcer, IPAddress.Parse(Vip))]);

            VrrpEventLoop loop = null!;
            var scheduler = new TimerfdDeadlineScheduler(node._events.Writer, () => loop.Now);
            loop = new VrrpEventLoop([node.Binding], sender, addresses, announce, scheduler, TimeProvider.System, NullLogger.Instance);
            var reader = new SocketPacketReader(socket, node._events.Writer);
            // The dump runs on the link reader's thread only, so it has its own netlink socket.
            var links = new LinkEventReader(monitor, dumper.GetLinks, node._events.Writer);
            // Readers and timer stop before the sockets close (disposed in reverse order).
            node._resources.AddRange([scheduler, reader, links]);
            node._running = Task.Run(() => loop.RunAsync(node._events.Reader, CancellationToken.None));
            return node;
        }

        public async Task StopAsync()
        {
            if (_running is null)
            {
                return;
            }

            _events.Writer.TryWrite(DaemonEvent.StopRequested);
            await _running.WaitAsync(TimeSpan.FromSeconds(30));
            _running = null;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            for (int i = _resources.Count - 1; i >= 0; i--)
            {
                _resources[i].Dispose();
            }
        }
    }
}
