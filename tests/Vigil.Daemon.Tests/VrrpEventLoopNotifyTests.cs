using System.Buffers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>Notifications leave the loop in transition order, each after its address change.</summary>
public sealed class VrrpEventLoopNotifyTests
{
    private static readonly NetAddress s_self = NetAddress.Parse("192.0.2.1");
    private static readonly NetAddress s_peer = NetAddress.Parse("192.0.2.2");
    private static readonly NetAddress s_vip = NetAddress.Parse("192.0.2.100");
    private const int IfIndex = 7;

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();
    private bool _notifyPriorityChanges;

    [Fact]
    public void Start_ThenMasterDown_NotifiesBackupThenMasterAfterAddingTheAddresses()
    {
        VrrpEventLoop loop = CreateLoop(["vi_1"], out RouterBinding[] bindings);

        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal("notify INSTANCE \"vi_1\" BACKUP 100", _ports.Calls[0]);
        int added = _ports.Calls.IndexOf("add vi_1");
        int master = _ports.Calls.IndexOf("notify INSTANCE \"vi_1\" MASTER 100");
        Assert.InRange(added, 0, master - 1);
        Assert.Equal(RouterState.Master, bindings[0].Router.State);
    }

    [Fact]
    public void Stop_Master_NotifiesStopAfterRemovingTheAddresses()
    {
        VrrpEventLoop loop = CreateLoop(["vi_1"], out _);
        BecomeMaster(loop);
        _ports.Calls.Clear();

        loop.Stop();

        Assert.Equal(["send vi_1 priority 0", "remove vi_1", "notify INSTANCE \"vi_1\" STOP 100"], _ports.Calls);
    }

    [Fact]
    public void Handle_TrackerFaultOnMaster_NotifiesFaultWithTheEffectivePriority()
    {
        var weighted = TrackerKey.Script("chk");
        var unweighted = TrackerKey.Interface("eth1");
        VrrpEventLoop loop = CreateLoop(["vi_1"], out RouterBinding[] bindings, new TrackerBinding(weighted, -10, false), new TrackerBinding(unweighted, 0, false));
        bindings[0].Tracking.Update(unweighted, TrackerReading.Up); // the link state the daemon reads at start
        BecomeMaster(loop);
        loop.Handle(DaemonEvent.TrackerRead(weighted, TrackerReading.Down));
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(unweighted, TrackerReading.Down));

        Assert.Equal("notify INSTANCE \"vi_1\" FAULT 90", _ports.Calls[^1]);
    }

    [Fact]
    public void Handle_MasterHearsLowerPriority_NotifiesMasterRxLowerPri()
    {
        VrrpEventLoop loop = CreateLoop(["vi_1"], out _);
        BecomeMaster(loop);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.Received(Packet(priority: 50)));

        Assert.Contains("notify INSTANCE \"vi_1\" MASTER_RX_LOWER_PRI 100", _ports.Calls);
    }

    [Fact]
    public void Start_SyncGroupOfTwo_AnnouncesTheGroupOncePerState()
    {
        VrrpEventLoop loop = CreateLoop(["vi_1", "vi_2"], out _, group: "g1");

        loop.Start();
        loop.Stop();

        string[] group = [.. _ports.Calls.Where(c => c.StartsWith("notify GROUP", StringComparison.Ordinal))];
        Assert.Equal(["notify GROUP \"g1\" BACKUP 0", "notify GROUP \"g1\" STOP 0"], group);
        Assert.Equal(4, _ports.Calls.Count(c => c.StartsWith("notify INSTANCE", StringComparison.Ordinal)));
    }

    [Fact]
    public void Handle_WeightedTrackerOnMasterWithNotifyPriorityChanges_NotifiesMasterPriority()
    {
        _notifyPriorityChanges = true;
        var script = TrackerKey.Script("chk");
        VrrpEventLoop loop = CreateLoop(["vi_1"], out _, new TrackerBinding(script, -20, false));
        BecomeMaster(loop);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(script, TrackerReading.Down));
        loop.Handle(DaemonEvent.TrackerRead(script, TrackerReading.Up));

        string[] notified = [.. _ports.Calls.Where(c => c.StartsWith("notify", StringComparison.Ordinal))];
        Assert.Equal(["notify INSTANCE \"vi_1\" MASTER_PRIORITY 80", "notify INSTANCE \"vi_1\" MASTER_PRIORITY 100"], notified);
    }

    [Fact]
    public void Handle_WeightedTrackerOnBackupWithNotifyPriorityChanges_NotifiesBackupPriority()
    {
        _notifyPriorityChanges = true;
        var script = TrackerKey.Script("chk");
        VrrpEventLoop loop = CreateLoop(["vi_1"], out _, new TrackerBinding(script, -20, false));
        loop.Start();
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(script, TrackerReading.Down));

        Assert.Equal(["notify INSTANCE \"vi_1\" BACKUP_PRIORITY 80"], _ports.Calls.Where(c => c.StartsWith("notify", StringComparison.Ordinal)));
    }

    [Fact]
    public void Handle_WeightedTrackerWithoutNotifyPriorityChanges_NotifiesNothing()
    {
        var script = TrackerKey.Script("chk");
        VrrpEventLoop loop = CreateLoop(["vi_1"], out _, new TrackerBinding(script, -20, false));
        BecomeMaster(loop);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(script, TrackerReading.Down));

        Assert.DoesNotContain(_ports.Calls, c => c.StartsWith("notify", StringComparison.Ordinal));
    }

    [Fact]
    public void Handle_UnweightedTrackerFaultWithNotifyPriorityChanges_NotifiesFaultOnly()
    {
        _notifyPriorityChanges = true;
        var link = TrackerKey.Interface("eth1");
        VrrpEventLoop loop = CreateLoop(["vi_1"], out RouterBinding[] bindings, new TrackerBinding(link, 0, false));
        bindings[0].Tracking.Update(link, TrackerReading.Up);
        BecomeMaster(loop);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(link, TrackerReading.Down));

        Assert.Equal(["notify INSTANCE \"vi_1\" FAULT 100"], _ports.Calls.Where(c => c.StartsWith("notify", StringComparison.Ordinal)));
    }

    private void BecomeMaster(VrrpEventLoop loop)
    {
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);
    }

    private VrrpEventLoop CreateLoop(string[] names, out RouterBinding[] bindings, params TrackerBinding[] trackers) =>
        CreateLoop(names, out bindings, null, trackers);

    private VrrpEventLoop CreateLoop(string[] names, out RouterBinding[] bindings, string? group, params TrackerBinding[] trackers)
    {
        SyncGroup? syncGroup = group is null ? null : new SyncGroup(group);
        bindings = new RouterBinding[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var router = new VirtualRouter(new VirtualRouterOptions
            {
                Name = names[i],
                VirtualRouterId = (byte)(51 + i),
                Version = 3,
                Priority = 100,
                AdvertInterval = TimeSpan.FromSeconds(1),
                PrimaryAddress = s_self,
            });
            syncGroup?.Add(router);
            var expectation = new ReceiveExpectation
            {
                Version = 3,
                VirtualRouterId = (byte)(51 + i),
                AdverIntervalCentiseconds = 100,
                VirtualAddresses = ReceiveExpectation.AddressBytes([s_vip]),
            };
            bindings[i] = new RouterBinding(router, IfIndex, expectation) { Tracking = new InstanceTracking(names[i], 100, trackers), NotifyPriorityChanges = _notifyPriorityChanges };
        }

        return new VrrpEventLoop(bindings, _ports, _ports, _ports, _ports, _clock, NullLogger.Instance) { Notifier = _ports };
    }

    private static ReceivedPacket Packet(byte priority)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        var header = new Advertisement(3, IpFamily.IPv4, 51, priority, 1, 100);
        Span<byte> vip = stackalloc byte[4];
        s_vip.WriteTo(vip);
        NetAddress group = NetAddress.Parse("224.0.0.18");
        int length = AdvertisementCodec.Write(buffer, header, vip, default, s_peer, group);
        return new ReceivedPacket(buffer, length, new PacketEnvelope(s_peer, group, 255), IfIndex);
    }
}
