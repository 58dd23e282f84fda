using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>ApplyReload on the loop with fake ports: what each kind of instance change does, and what it must not do.</summary>
public sealed class VrrpEventLoopReloadTests
{
    private static readonly NetAddress s_self = NetAddress.Parse("192.0.2.1");
    private const int IfIndex = 7;

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void ApplyReload_UnchangedMaster_NoAdvertNoGarpNoAddressChangeAndTimersRunOn()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        RouterBinding gone = Binding("vi_2", 52, 100);
        VrrpEventLoop loop = MastersLoop(kept, gone);
        TimeSpan? keptDeadline = kept.Router.NextDeadline;

        loop.ApplyReload(Plan([kept], removed: [gone]));

        Assert.DoesNotContain(_ports.Calls, call => call.Contains("vi_1", StringComparison.Ordinal));
        Assert.Equal(RouterState.Master, kept.Router.State);
        Assert.Equal(keptDeadline, kept.Router.NextDeadline);
    }

    [Fact]
    public void ApplyReload_RemovedMaster_SendsPriorityZeroBeforeReleasingItsAddresses()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        RouterBinding gone = Binding("vi_2", 52, 100);
        VrrpEventLoop loop = MastersLoop(kept, gone);

        loop.ApplyReload(Plan([kept], removed: [gone]));

        Assert.Equal(["send vi_2 priority 0", "remove vi_2"], _ports.Calls);
        Assert.Equal(RouterState.Stopped, gone.Router.State);
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Deadline);
        Assert.DoesNotContain(_ports.Calls, call => call.Contains("vi_2 priority 100", StringComparison.Ordinal)); // no longer driven
    }

    [Fact]
    public void ApplyReload_PriorityChangedInPlace_StaysMasterAndAdvertisesTheNewPriority()
    {
        RouterBinding old = Binding("vi_1", 51, 100);
        VrrpEventLoop loop = MastersLoop(old);
        var swaps = new List<bool>();
        var updated = new RouterBinding(old.Router, IfIndex, old.Expectation) { Tracking = new InstanceTracking("vi_1", 150, []), Counters = old.Counters };

        loop.ApplyReload(Plan([updated], updated: [new InPlaceUpdate(old, updated, swaps.Add)]));

        Assert.Equal([true], swaps); // told it is master: the VIP difference is applied at once
        Assert.Same(old.Router, updated.Router);
        Assert.Equal(RouterState.Master, updated.Router.State);
        Assert.Equal(150, updated.Router.EffectivePriority);
        Assert.Empty(_ports.Calls); // no extra advert or GARP at the reload itself
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(["send vi_1 priority 150"], _ports.Calls);
    }

    [Fact]
    public void ApplyReload_PriorityLoweredOnBackup_MovesTheRunningDownTimerWithSkewTime()
    {
        RouterBinding old = Binding("vi_1", 51, 200);
        VrrpEventLoop loop = new([old], _ports, _ports, _ports, _ports, _clock, NullLogger.Instance);
        loop.Start();
        TimeSpan before = old.Router.NextDeadline!.Value;
        var updated = new RouterBinding(old.Router, IfIndex, old.Expectation) { Tracking = new InstanceTracking("vi_1", 50, []) };

        loop.ApplyReload(Plan([updated], updated: [new InPlaceUpdate(old, updated, _ => { })]));

        Assert.Equal(RouterState.Backup, updated.Router.State);
        Assert.Equal(50, updated.Router.EffectivePriority);
        Assert.True(updated.Router.NextDeadline > before, "a lower priority has a longer Skew_Time (RFC 5798 §6.1)");
    }

    [Fact]
    public void ApplyReload_AddedInstance_StartsAsBackupAndIsDrivenByDeadlines()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        VrrpEventLoop loop = MastersLoop(kept);
        RouterBinding added = Binding("vi_3", 53, 100);

        loop.ApplyReload(Plan([kept, added], added: [added]));

        Assert.Equal(RouterState.Backup, added.Router.State);
        TimeSpan masterDown = added.Router.NextDeadline!.Value;
        for (int wake = 0; wake < 20 && loop.Now < masterDown; wake++)
        {
            // every deadline the loop asks for (the kept master's adverts too), on time: no stall
            _clock.Advance(_ports.Deadline!.Value - loop.Now);
            loop.Handle(DaemonEvent.Deadline);
        }

        Assert.Equal(RouterState.Master, added.Router.State);
        Assert.Contains("add vi_3", _ports.Calls);
    }

    [Fact]
    public void ApplyReload_RemovedMasterWithNotifyDeleted_NotifiesDeletedAfterReleasingItsAddressesAndNoStop()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        RouterBinding gone = Binding("vi_2", 52, 100, notifyDeleted: true);
        VrrpEventLoop loop = MastersLoop(kept, gone);
        loop.Notifier = _ports;

        loop.ApplyReload(Plan([kept], removed: [gone]));

        Assert.Equal(["send vi_2 priority 0", "remove vi_2", "notify INSTANCE \"vi_2\" DELETED 100"], _ports.Calls);
    }

    [Fact]
    public void ApplyReload_RemovedWithoutNotifyDeleted_NotifiesFaultAsKeepalivedAndNothingWhenAlreadyInFault()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        RouterBinding gone = Binding("vi_2", 52, 100);
        RouterBinding faulted = Binding("vi_3", 53, 100);
        RouterBinding faultedDeleted = Binding("vi_4", 54, 100, notifyDeleted: true);
        VrrpEventLoop loop = MastersLoop(kept, gone, faulted, faultedDeleted);
        loop.Notifier = _ports;
        faulted.Router.Step(RouterInput.TrackerFault("chk"), loop.Now, []);
        faultedDeleted.Router.Step(RouterInput.TrackerFault("chk"), loop.Now, []);
        Assert.Equal(RouterState.Fault, faulted.Router.State);
        _ports.Calls.Clear();

        loop.ApplyReload(Plan([kept], removed: [gone, faulted, faultedDeleted]));

        Assert.Equal(["notify INSTANCE \"vi_2\" FAULT 100", "notify INSTANCE \"vi_4\" DELETED 100"], _ports.Calls.Where(c => c.StartsWith("notify", StringComparison.Ordinal)));
    }

    [Fact]
    public void ApplyReload_RegistersAddedPortsBeforeStartingThem()
    {
        RouterBinding kept = Binding("vi_1", 51, 100);
        VrrpEventLoop loop = MastersLoop(kept);
        RouterBinding added = Binding("vi_3", 53, 100);
        RouterState? stateWhenRegistered = null;

        loop.ApplyReload(new ReloadPlan([kept, added], [], [], [added], () => stateWhenRegistered = added.Router.State));

        Assert.Equal(RouterState.Initialize, stateWhenRegistered);
    }

    /// <summary>A loop whose routers all became master (no peer).</summary>
    private VrrpEventLoop MastersLoop(params RouterBinding[] bindings)
    {
        var loop = new VrrpEventLoop(bindings, _ports, _ports, _ports, _ports, _clock, NullLogger.Instance);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);
        Assert.All(bindings, b => Assert.Equal(RouterState.Master, b.Router.State));
        _ports.Calls.Clear();
        return loop;
    }

    private static ReloadPlan Plan(RouterBinding[] bindings, RouterBinding[]? removed = null, InPlaceUpdate[]? updated = null, RouterBinding[]? added = null) =>
        new(bindings, removed ?? [], updated ?? [], added ?? [], () => { });

    private static RouterBinding Binding(string name, byte vrid, int priority, bool notifyDeleted = false)
    {
        var router = new VirtualRouter(new VirtualRouterOptions
        {
            Name = name,
            VirtualRouterId = vrid,
            Version = 3,
            Priority = priority,
            AdvertInterval = TimeSpan.FromSeconds(1),
            PrimaryAddress = s_self,
            GarpMasterDelay = TimeSpan.Zero,
        });
        var expectation = new ReceiveExpectation
        {
            Version = 3,
            VirtualRouterId = vrid,
            AdverIntervalCentiseconds = 100,
            VirtualAddresses = ReceiveExpectation.AddressBytes([NetAddress.Parse("192.0.2.100")]),
        };
        return new RouterBinding(router, IfIndex, expectation) { Tracking = new InstanceTracking(name, priority, []), NotifyDeleted = notifyDeleted };
    }
}
