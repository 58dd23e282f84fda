using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>Tracker readings arriving as loop events move the effective priority and the FAULT state (keepalived vrrp_track.c semantics).</summary>
public sealed class VrrpEventLoopTrackingTests
{
    private static readonly TrackerKey s_check = TrackerKey.Script("chk_nginx");
    private static readonly TrackerKey s_other = TrackerKey.Script("chk_other");

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void Handle_WeightedScriptFailsOnMaster_NextAdvertCarriesLoweredPriority()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, -20, false));
        BecomeMaster(loop, binding);

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));
        _ports.Calls.Clear();
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(80, binding.Router.EffectivePriority);
        Assert.Equal(80, binding.Tracking.Outcome.Priority);
        Assert.Equal(["send vi_1 priority 80"], _ports.Calls);
    }

    [Fact]
    public void Handle_WeightedScriptRecovers_PriorityReturnsToBase()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, -20, false));
        loop.Start();

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));
        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));

        Assert.Equal(100, binding.Router.EffectivePriority);
        Assert.Equal(TrackerReading.Up, binding.Tracking.Reading(s_check));
    }

    [Fact]
    public void Handle_PositiveWeightScriptSucceeds_PriorityRisesAndIsClampedTo254()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 200, false));
        loop.Start();

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));

        Assert.Equal(254, binding.Router.EffectivePriority);
    }

    [Fact]
    public void Handle_UnweightedScriptFailsOnMaster_FaultWithPriorityZeroAndAddressesRemoved()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 0, false));
        loop.Start();
        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));
        BecomeMaster(loop, binding);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Equal(["send vi_1 priority 0", "remove vi_1"], _ports.Calls);
    }

    [Fact]
    public void Handle_UnweightedScriptRecovers_LeavesFaultForBackup()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 0, false));
        loop.Start();
        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.NotNull(_ports.Deadline);
    }

    [Fact]
    public void Start_UnweightedScriptNotYetReported_WaitsInInitUntilTheFirstResult()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 0, false));

        loop.Start();
        Assert.Equal(RouterState.Initialize, binding.Router.State);
        Assert.Null(_ports.Deadline);

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));
        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.NotNull(_ports.Deadline);
    }

    [Fact]
    public void Start_HeldInInitByAScript_DownTimerCountsFromTheRealStartNotFromTheSocket()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 0, false));
        binding.ListeningSinceTimestamp = _clock.GetTimestamp(); // adverts heard in INIT are ignored, so they cannot count
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Start();
        _clock.Advance(TimeSpan.FromSeconds(1));

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Up));

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(loop.Now + binding.Router.MasterDownInterval, _ports.Deadline);
    }

    [Fact]
    public void Start_UnweightedScriptFirstResultIsFailure_StartsInFault()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, 0, false));
        loop.Start();

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Null(_ports.Deadline);
    }

    [Fact]
    public void Start_InitFailWeightedScript_StartsWithLoweredPriority()
    {
        var tracking = new InstanceTracking("vi_1", 100, [new TrackerBinding(s_check, -20, false)]);
        tracking.Update(s_check, TrackerReading.Down); // what the daemon does for init_fail before the loop starts
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, tracking);

        loop.Start();

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(80, binding.Router.EffectivePriority);
    }

    [Fact]
    public void Handle_ReadingOfAnUntrackedScript_ChangesNothing()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new TrackerBinding(s_check, -20, false));
        loop.Start();

        loop.Handle(DaemonEvent.TrackerRead(s_other, TrackerReading.Down));

        Assert.Equal(100, binding.Router.EffectivePriority);
        Assert.Equal(TrackerReading.Unknown, binding.Tracking.Reading(s_other));
    }

    [Fact]
    public void Handle_AddressOwnerWithFailingWeightedTracker_KeepsPriority255()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, new InstanceTracking("vi_1", 255, [new TrackerBinding(s_check, -20, false)]), priority: 255);
        loop.Start();

        loop.Handle(DaemonEvent.TrackerRead(s_check, TrackerReading.Down));

        Assert.Equal(255, binding.Router.EffectivePriority);
    }

    private void BecomeMaster(VrrpEventLoop loop, RouterBinding binding)
    {
        if (binding.Router.State == RouterState.Initialize)
        {
            loop.Start();
        }

        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);
    }

    private VrrpEventLoop CreateLoop(out RouterBinding binding, TrackerBinding tracker) =>
        CreateLoop(out binding, new InstanceTracking("vi_1", 100, [tracker]));

    private VrrpEventLoop CreateLoop(out RouterBinding binding, InstanceTracking tracking, int priority = 100)
    {
        var router = new VirtualRouter(new VirtualRouterOptions
        {
            Name = "vi_1",
            VirtualRouterId = 51,
            Version = 3,
            Priority = priority,
            AdvertInterval = TimeSpan.FromSeconds(1),
            PrimaryAddress = NetAddress.Parse("192.0.2.1"),
        });
        var expectation = new ReceiveExpectation
        {
            Version = 3,
            VirtualRouterId = 51,
            AdverIntervalCentiseconds = 100,
            VirtualAddresses = ReceiveExpectation.AddressBytes([NetAddress.Parse("192.0.2.100")]),
        };
        binding = new RouterBinding(router, 7, expectation) { Tracking = tracking };
        return new VrrpEventLoop([binding], _ports, _ports, _ports, _ports, _clock, NullLogger.Instance);
    }
}
