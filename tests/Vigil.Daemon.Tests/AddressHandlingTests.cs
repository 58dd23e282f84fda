using System.Net;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// The loop's address handling (issue 11 #10, #11), as keepalived 2.2.7's: a VIP deleted behind a master's back makes
/// it step down and take over again after Skew_Time (set_vrrp_backup); an advert source that follows the interface's primary address moves to the next one when
/// it goes, and with none left the instance goes to FAULT (priority 0 as master) until an address returns; with
/// track_src_ip an explicit source missing from the interface is a FAULT until it is back.
/// </summary>
public sealed class AddressHandlingTests
{
    private const int IfIndex = LoopFixture.IfIndex;
    private static readonly IPAddress s_self = LoopFixture.Self.ToIPAddress();
    private static readonly IPAddress s_vip = LoopFixture.Vip.ToIPAddress();
    private static readonly IPAddress s_second = IPAddress.Parse("198.51.100.1");
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();
    private readonly RecordingLogger _log = new();
    private bool _trackSource; // track_src_ip with an explicit source

    [Fact]
    public void VipDeletedWhileMaster_StepsDownWithAWarningAndTakesOverAgainAfterSkewTime()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip));

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal("send vi_1 priority 0", _ports.Calls[0]);
        Assert.Equal("remove vi_1", _ports.Calls[1]);
        string warning = Assert.Single(_log.Warnings("was deleted"));
        Assert.Contains("vi_1", warning, StringComparison.Ordinal);
        Assert.Contains("192.0.2.100", warning, StringComparison.Ordinal);
        Assert.Equal(binding.Router.NextDeadline, _ports.Deadline);
        Assert.True(_ports.Deadline < binding.Router.MasterDownInterval + loop.Now, "the return is due after Skew_Time, not Master_Down_Interval");

        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        _ports.Calls.Clear();
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Contains("add vi_1", _ports.Calls);
    }

    [Fact]
    public void VipRemovedByVigilItselfWhileMaster_NotSomeoneElsesDeletion()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip, ours: true));

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Empty(_ports.Calls);
    }

    [Fact]
    public void NoTrackVipDeletedWhileMaster_LeftDeletedAsKeepalivedDoes()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip);
        binding.VirtualAddresses = [new VirtualAddress(new KernelAddress(IfIndex, s_vip), NoTrack: true)];
        (int, IPAddress)? deleted = null;
        loop.AddressDeleted = (index, address) => deleted = (index, address);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip));

        Assert.Empty(_ports.Calls);
        Assert.Empty(_log.Warnings("was deleted"));
        Assert.Equal((IfIndex, s_vip), deleted); // the daemon's static-address check still hears of it
    }

    [Fact]
    public void VipRemovedWithItsInterfaceDown_FaultFromTheLinkNotAStepDown_LinkEventThatFollowsChangesNothing()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip);
        bool reinstated = false;
        loop.AddressDeleted = (_, _) => reinstated = true;
        _ports.Calls.Clear();

        // The interface was deleted: the address monitor's socket was read before the link monitor's.
        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip, linkDown: true));

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Empty(_log.Warnings("was deleted"));
        Assert.False(reinstated, "an address gone with its link is not put back onto it now (the interface's return does that)");
        int faults = _log.Lines.Count(l => l.Message.Contains("-> Fault", StringComparison.Ordinal));
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.Link(IfIndex, up: false));

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Empty(_ports.Calls);
        Assert.Equal(faults, _log.Lines.Count(l => l.Message.Contains("-> Fault", StringComparison.Ordinal)));
    }

    [Fact]
    public void VipRemovedWithItsInterfaceDown_DownHeldByInterfaceUpDownDelays_StepsDownAsKeepalivedDoes()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log, followPrimary: true);
        loop.SetInitialLinks([KeyValuePair.Create(IfIndex, true)]);
        loop.LinkDelays = new Dictionary<int, (TimeSpan Down, TimeSpan Up)> { [IfIndex] = (TimeSpan.FromSeconds(5), TimeSpan.Zero) };
        loop.SetInitialAddresses([new KernelAddress(IfIndex, s_self), new KernelAddress(IfIndex, s_vip)]);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip, linkDown: true));

        Assert.Equal(RouterState.Backup, binding.Router.State); // the down waits 5 s; the deletion meanwhile is one
        Assert.Single(_log.Warnings("was deleted"));
    }

    [Fact]
    public void VipDeletedWhileBackup_LeftAlone()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log, followPrimary: true);
        loop.SetInitialAddresses([new KernelAddress(IfIndex, s_self)]);
        loop.Start();
        Assert.Equal(RouterState.Backup, binding.Router.State);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_vip)); // e.g. vigil's own removal, seen after leaving MASTER

        Assert.Empty(_ports.Calls);
        Assert.Empty(_log.Warnings("was deleted"));
    }

    [Fact]
    public void PrimaryAddressDeleted_NextAdvertGoesFromTheNextAddress()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip, s_second);

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_self));
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Equal("198.51.100.1", _ports.SentFrom[^1]);
        Assert.Equal("198.51.100.1", binding.Info.SourceAddress);
        Assert.Single(_log.Warnings("adverts now go from 198.51.100.1"));
    }

    [Fact]
    public void LastAddressDeleted_FaultWithPriorityZero_AddressBack_RecoversAndSendsFromIt()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_self)); // the VIP is not a usable source

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Contains("send vi_1 priority 0", _ports.Calls);
        Assert.Contains("remove vi_1", _ports.Calls);
        Assert.Single(_log.Warnings("has no IPv4 address left"));

        loop.Handle(DaemonEvent.AddressAdded(IfIndex, s_second));
        Assert.Equal(RouterState.Backup, binding.Router.State);
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Equal("198.51.100.1", _ports.SentFrom[^1]);
    }

    [Fact]
    public void ExplicitSourceAddress_NotFollowed()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: false, s_self, s_vip, s_second);

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_self));
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Equal("192.0.2.1", _ports.SentFrom[^1]);
    }

    [Fact]
    public void TrackSrcIp_ConfiguredSourceDeleted_FaultWithPriorityZero_AddressBack_RecoversAndSendsFromIt()
    {
        _trackSource = true;
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: false, s_self, s_vip, s_second);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressRemoved(IfIndex, s_self)); // another address is left: only track_src_ip makes this a fault

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Contains("send vi_1 priority 0", _ports.Calls);
        Assert.Contains("remove vi_1", _ports.Calls);
        Assert.Single(_log.Warnings("source address 192.0.2.1 is not on"));

        loop.Handle(DaemonEvent.AddressAdded(IfIndex, s_vip)); // not the source: still FAULT
        Assert.Equal(RouterState.Fault, binding.Router.State);
        loop.Handle(DaemonEvent.AddressAdded(IfIndex, s_self));
        Assert.Equal(RouterState.Backup, binding.Router.State);
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Equal("192.0.2.1", _ports.SentFrom[^1]);
    }

    [Fact]
    public void TrackSrcIp_ConfiguredSourceMissingAtStart_StartsInFaultUntilItIsAdded()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding, logger: _log, trackSource: true);
        loop.SetInitialAddresses([new KernelAddress(IfIndex, s_second)]);

        loop.Start();

        Assert.Equal(RouterState.Fault, binding.Router.State);
        loop.Handle(DaemonEvent.AddressAdded(IfIndex, s_self));
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void AddressDumpAfterOverrun_MissingVipStepsDownAndSourceReviewed()
    {
        VrrpEventLoop loop = Master(out RouterBinding binding, followPrimary: true, s_self, s_vip, s_second);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.AddressDump([new KernelAddress(IfIndex, s_second)]));

        Assert.Contains("remove vi_1", _ports.Calls);
        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(LoopFixture.Self.Family, binding.Router.Options.PrimaryAddress.Family);
        Assert.Equal("198.51.100.1", binding.Router.Options.PrimaryAddress.ToString());
    }

    private VrrpEventLoop Master(out RouterBinding binding, bool followPrimary, params IPAddress[] addresses)
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out binding, logger: _log, followPrimary: followPrimary, trackSource: _trackSource);
        loop.SetInitialAddresses([.. addresses.Select(a => new KernelAddress(IfIndex, a))]);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);
        return loop;
    }
}
