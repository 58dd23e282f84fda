using Microsoft.Extensions.Time.Testing;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// The loop's link handling as keepalived 2.2.7's: an instance whose interface is down at start starts in FAULT;
/// dont_track_primary ignores the instance's own link; interface_up_down_delays holds a change for its delay and
/// drops it when the link flips back meanwhile.
/// </summary>
public sealed class LinkHandlingTests
{
    private const int IfIndex = LoopFixture.IfIndex;
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void InterfaceDownAtStart_StartsInFault_UpClearsIt()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, false)]);

        loop.Start();
        Assert.Equal(RouterState.Fault, binding.Router.State);

        loop.Handle(DaemonEvent.Link(IfIndex, up: true));
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void DontTrackPrimary_LinkDownAtStartAndLater_StaysOutOfFault()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, trackPrimary: false);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, false)]);

        loop.Start();
        Assert.Equal(RouterState.Backup, binding.Router.State);
        loop.Handle(DaemonEvent.Link(IfIndex, up: true));
        loop.Handle(DaemonEvent.Link(IfIndex, up: false));

        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void DownDelay_LinkDownActsOnlyAfterTheDelay()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, true)]);
        loop.LinkDelays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)> { [IfIndex] = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) };
        loop.Start();

        loop.Handle(DaemonEvent.Link(IfIndex, up: false));
        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(TimeSpan.FromSeconds(2), _ports.Deadline); // the held change is due before the down timer (3.6 s)

        _clock.Advance(TimeSpan.FromSeconds(2));
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Fault, binding.Router.State);

        loop.Handle(DaemonEvent.Link(IfIndex, up: true));
        Assert.Equal(RouterState.Fault, binding.Router.State);
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void DownDelay_LinkBackUpWithinTheDelay_NothingHappens()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, true)]);
        loop.LinkDelays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)> { [IfIndex] = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)) };
        loop.Start();

        loop.Handle(DaemonEvent.Link(IfIndex, up: false));
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Link(IfIndex, up: true));
        _clock.Advance(TimeSpan.FromSeconds(2));
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(1, binding.Router.TransitionCount); // only Initialize -> Backup
    }

    [Fact]
    public void Delay_NotAppliedToAnInterfaceNeverSeenUp()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, false)]);
        loop.LinkDelays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)> { [IfIndex] = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)) };
        loop.Start();

        loop.Handle(DaemonEvent.Link(IfIndex, up: true));

        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void ConfigFault_UnicastFaultNoPeer_StartsAndStaysInFault()
    {
        var router = new VirtualRouter(new VirtualRouterOptions { Name = "vi_1", VirtualRouterId = 51, Version = 3, PrimaryAddress = LoopFixture.Self });
        var binding = new RouterBinding(router, IfIndex, new Vigil.Core.Protocol.ReceiveExpectation { Version = 3, VirtualRouterId = 51, AdverIntervalCentiseconds = 100 }) { ConfigFault = "unicast_fault_no_peer (no unicast peers)" };
        var loop = new VrrpEventLoop([binding], _ports, _ports, _ports, _ports, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        loop.Start();
        loop.Handle(DaemonEvent.Link(IfIndex, up: false));
        loop.Handle(DaemonEvent.Link(IfIndex, up: true));
        _clock.Advance(TimeSpan.FromSeconds(10));
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Fault, router.State);
        Assert.Empty(_ports.Calls); // never an advert, never an address
    }
}
