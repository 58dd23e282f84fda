using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// The loop's dynamic_interfaces handling: an instance whose interface does not exist (index 0) starts in FAULT; the
/// RTM_NEWLINK of its name binds it to the new index (the binder opens the sockets) and it leaves FAULT once the link
/// is up and has an address; RTM_DELLINK puts it back in FAULT and closes the sockets; created again, it recovers.
/// </summary>
public sealed class DynamicInterfaceLoopTests
{
    private const string Name = "eth9";
    private static readonly IPAddress s_address = IPAddress.Parse("192.0.2.1");
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();
    private readonly RecordingBinder _binder = new();

    [Fact]
    public void MissingAtStart_Fault_CreatedUpAddressed_Backup_Deleted_Fault_CreatedAgain_Backup()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, followPrimary: true);
        binding.InterfaceIndex = 0;
        binding.Info = binding.Info with { Interface = Name };
        loop.SetInitialLinks([]);
        loop.SetInitialAddresses([]);
        loop.FollowInterfaces(_binder, [KeyValuePair.Create(Name, 0)]);

        loop.Start();
        Assert.Equal(RouterState.Fault, binding.Router.State);

        loop.Handle(DaemonEvent.Link(12, Name, up: false));
        Assert.Equal([12], _binder.Attached);
        Assert.Equal(12, binding.InterfaceIndex);
        loop.Handle(DaemonEvent.Link(12, Name, up: true));
        Assert.Equal(RouterState.Fault, binding.Router.State); // up, but no address to send from yet
        loop.Handle(DaemonEvent.AddressAdded(12, s_address));
        Assert.Equal(RouterState.Backup, binding.Router.State);

        loop.Handle(DaemonEvent.Link(12, Name, up: false, deleted: true));
        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Equal([12], _binder.Detached);
        Assert.Equal(0, binding.InterfaceIndex);

        loop.Handle(DaemonEvent.AddressAdded(15, s_address)); // the address may be heard before the link (two readers)
        loop.Handle(DaemonEvent.Link(15, Name, up: true));
        Assert.Equal([12, 15], _binder.Attached);
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void OtherInterfaceCreated_NothingAttached()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        binding.InterfaceIndex = 0;
        binding.Info = binding.Info with { Interface = Name };
        loop.FollowInterfaces(_binder, [KeyValuePair.Create(Name, 0)]);
        loop.Start();

        loop.Handle(DaemonEvent.Link(20, "eth8", up: true));

        Assert.Empty(_binder.Attached);
        Assert.Equal(RouterState.Fault, binding.Router.State);
    }

    [Fact]
    public void TrackedInterfaceMissingAtStart_Fault_CreatedUp_Backup_Deleted_Fault_CreatedAgain_Backup()
    {
        LoopFixture.CreateLoop(_clock, _ports, out RouterBinding fixture);
        TrackerKey tracked = TrackerKey.Interface("eth8");
        var binding = new RouterBinding(fixture.Router, LoopFixture.IfIndex, fixture.Expectation)
        {
            Tracking = new InstanceTracking("vi_1", 100, [new TrackerBinding(tracked, 0, false)]),
        };
        binding.Tracking.Update(tracked, TrackerReading.Down); // missing: down, as the daemon reads it at start
        var loop = new VrrpEventLoop([binding], _ports, _ports, _ports, _ports, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        loop.SetInitialLinks([KeyValuePair.Create(LoopFixture.IfIndex, true)]);
        loop.FollowInterfaces(_binder, [KeyValuePair.Create("eth8", 0)]);

        loop.Start();
        Assert.Equal(RouterState.Fault, binding.Router.State);
        loop.Handle(DaemonEvent.Link(21, "eth8", up: true));
        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Empty(_binder.Attached); // a tracked interface opens no socket

        loop.Handle(DaemonEvent.Link(21, "eth8", up: false, deleted: true));
        Assert.Equal(RouterState.Fault, binding.Router.State);
        loop.Handle(DaemonEvent.Link(22, "eth8", up: true));
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void UpDownDelaysOfAnInterfaceCreatedAfterStart_FirstUpImmediate_ThenDownHeldForTheDelay_AlsoAfterReCreation()
    {
        LoopFixture.CreateLoop(_clock, _ports, out RouterBinding fixture);
        TrackerKey tracked = TrackerKey.Interface("eth8");
        var binding = new RouterBinding(fixture.Router, LoopFixture.IfIndex, fixture.Expectation)
        {
            Tracking = new InstanceTracking("vi_1", 100, [new TrackerBinding(tracked, 0, false)]),
        };
        binding.Tracking.Update(tracked, TrackerReading.Down);
        var loop = new VrrpEventLoop([binding], _ports, _ports, _ports, _ports, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        loop.SetInitialLinks([KeyValuePair.Create(LoopFixture.IfIndex, true)]);
        loop.LinkDelaysByName = new Dictionary<string, (TimeSpan Down, TimeSpan Up)> { ["eth8"] = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)) };
        loop.FollowInterfaces(_binder, [KeyValuePair.Create("eth8", 0)]);
        loop.Start();

        foreach (int index in new[] { 21, 22 })
        {
            loop.Handle(DaemonEvent.Link(index, "eth8", up: true));
            Assert.Equal(RouterState.Backup, binding.Router.State); // keepalived's seen_up: a new interface's first up is not held

            loop.Handle(DaemonEvent.Link(index, "eth8", up: false));
            Assert.Equal(RouterState.Backup, binding.Router.State); // held for the 2 s down delay
            _clock.Advance(TimeSpan.FromSeconds(2));
            loop.Handle(DaemonEvent.Deadline);
            Assert.Equal(RouterState.Fault, binding.Router.State);

            loop.Handle(DaemonEvent.Link(index, "eth8", up: false, deleted: true));
        }
    }

    [Fact]
    public void VipDeviceCreatedAgainWhileMaster_ResolvedAndTheVipsAddedAgain()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, priority: 255, initialState: RouterState.Master);
        _binder.RefreshesFor = "eth8"; // the instance has "VIP dev eth8 no_track": eth8's absence did not put it in FAULT
        loop.SetInitialLinks([KeyValuePair.Create(LoopFixture.IfIndex, true)]);
        loop.FollowInterfaces(_binder, [KeyValuePair.Create("eth8", 21)]);
        loop.Start();
        Assert.Equal(RouterState.Master, binding.Router.State);

        loop.Handle(DaemonEvent.Link(21, "eth8", up: false, deleted: true));
        _ports.Calls.Clear();
        loop.Handle(DaemonEvent.Link(22, "eth8", up: true));

        Assert.Equal(["eth8"], _binder.Refreshed);
        Assert.Contains($"add {binding.Router.Name}", _ports.Calls);
        Assert.Contains(_ports.Calls, c => c.StartsWith($"announce {binding.Router.Name}", StringComparison.Ordinal));
        Assert.Equal(RouterState.Master, binding.Router.State);
    }

    private sealed class RecordingBinder : IInterfaceBinder
    {
        public string? RefreshesFor { get; set; }

        public List<string> Refreshed { get; } = [];

        public bool Refresh(RouterBinding binding, string name)
        {
            if (name != RefreshesFor)
            {
                return false;
            }

            Refreshed.Add(name);
            return true;
        }

        public List<int> Attached { get; } = [];

        public List<int> Detached { get; } = [];

        public void Attach(RouterBinding binding, int interfaceIndex)
        {
            Attached.Add(interfaceIndex);
            binding.InterfaceIndex = interfaceIndex;
        }

        public void Detach(int interfaceIndex) => Detached.Add(interfaceIndex);
    }
}
