using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

public sealed class VrrpEventLoopTests
{
    private const int IfIndex = LoopFixture.IfIndex;
    private static readonly NetAddress s_peer = LoopFixture.Peer;
    private static readonly NetAddress s_group = LoopFixture.Group;

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void Start_Backup_SchedulesMasterDownDeadline()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);

        loop.Start();

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(binding.Router.NextDeadline, _ports.Deadline);
        Assert.Empty(_ports.Calls);
    }

    [Fact]
    public void Handle_DeadlineReachedWithoutAdverts_BecomesMasterAddsAnnouncesAndAdvertises()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();

        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Contains("add vi_1", _ports.Calls);
        Assert.Contains("announce vi_1 x5", _ports.Calls);
        Assert.Contains("send vi_1 priority 100", _ports.Calls);
    }

    [Fact]
    public void Handle_DeadlineEventBeforeTheDeadline_ChangesNothing()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();

        _clock.Advance(_ports.Deadline!.Value / 2);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Empty(_ports.Calls);
    }

    [Fact]
    public void Handle_AdvertFromHigherPriorityPeer_StaysBackupAndCountsAccepted()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();
        TimeSpan firstDeadline = _ports.Deadline!.Value;

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        loop.Handle(DaemonEvent.Received(Packet(priority: 200)));

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(1, binding.Counters.Accepted);
        Assert.True(_ports.Deadline > firstDeadline); // the Master_Down_Timer was restarted
    }

    [Fact]
    public void Handle_PacketWithBadTtl_DropsAndCountsByReason()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();

        loop.Handle(DaemonEvent.Received(Packet(priority: 200, ttl: 64)));

        Assert.Equal(0, binding.Counters.Accepted);
        Assert.Equal(1, binding.Counters.Dropped);
        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void Handle_TruncatedPacket_DropsWithoutThrowing()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64);
        buffer[0] = 0x31;
        buffer[1] = 51;

        loop.Handle(DaemonEvent.Received(new ReceivedPacket(buffer, 3, new PacketEnvelope(s_peer, s_group, 255), IfIndex)));

        Assert.Equal(1, binding.Counters[DropReason.PacketLength]);
    }

    [Fact]
    public void Handle_PacketOnOtherInterface_IsNotRoutedToTheRouter()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();

        loop.Handle(DaemonEvent.Received(Packet(priority: 200) with { InterfaceIndex = IfIndex + 1 }));

        Assert.Equal(0, binding.Counters.Accepted);
    }

    [Fact]
    public void Handle_LinkDownOnMaster_GoesToFaultSendingPriorityZeroAndRemovingAddresses()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);
        _ports.Calls.Clear();

        loop.Handle(DaemonEvent.Link(IfIndex, up: false));

        Assert.Equal(RouterState.Fault, binding.Router.State);
        Assert.Contains("send vi_1 priority 0", _ports.Calls);
        Assert.Contains("remove vi_1", _ports.Calls);
    }

    [Fact]
    public void Handle_LinkUpAfterFault_RecoversToBackup()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();
        loop.Handle(DaemonEvent.Link(IfIndex, up: false));

        loop.Handle(DaemonEvent.Link(IfIndex, up: true));

        Assert.Equal(RouterState.Backup, binding.Router.State);
    }

    [Fact]
    public void Handle_PortThrows_LoopCarriesOnWithTheRemainingActions()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();
        _ports.FailNext = new InvalidOperationException("netlink said no");

        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Contains("add vi_1", _ports.Calls);
        Assert.Contains("announce vi_1 x5", _ports.Calls);
    }

    [Fact]
    public async Task RunAsync_StopEvent_MasterSendsPriorityZeroReleasesAddressesAndCancelsDeadline()
    {
        // An address owner configured MASTER starts as master at once (RFC 5798 §6.4.1).
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding, priority: 255, initialState: RouterState.Master);
        var channel = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
        channel.Writer.TryWrite(DaemonEvent.StopRequested);

        await loop.RunAsync(channel.Reader, CancellationToken.None);

        Assert.Equal("send vi_1 priority 0", _ports.Calls[^2]);
        Assert.Equal("remove vi_1", _ports.Calls[^1]);
        Assert.Null(_ports.Deadline);
        Assert.NotEqual(RouterState.Master, binding.Router.State);
    }

    /// <summary>A backup hearing its master, then a stall: the deadline is handled 1.5 s after it was due.</summary>
    private VrrpEventLoop StallPastMasterDown(out RouterBinding binding)
    {
        VrrpEventLoop loop = CreateLoop(out binding);
        loop.Start();
        _clock.Advance(TimeSpan.FromSeconds(1));
        loop.Handle(DaemonEvent.Received(Packet(priority: 200)));
        _clock.Advance(_ports.Deadline!.Value - loop.Now + TimeSpan.FromSeconds(1.5));
        loop.Handle(DaemonEvent.Deadline);
        return loop;
    }

    [Fact]
    public void Handle_StalledDeadline_AdvertReadAfterItKeepsTheBackup()
    {
        VrrpEventLoop loop = StallPastMasterDown(out RouterBinding binding);

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(1, loop.StallGraces);
        Assert.Equal(loop.Now + VrrpEventLoop.MaxStallGrace, _ports.Deadline);

        // The advert that waited in the socket during the stall is handed over within the grace.
        loop.Handle(DaemonEvent.Received(Packet(priority: 200)));
        _clock.Advance(VrrpEventLoop.MaxStallGrace);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Empty(_ports.Calls);
        Assert.Equal(loop.Now - VrrpEventLoop.MaxStallGrace + binding.Router.MasterDownInterval, _ports.Deadline);
    }

    [Fact]
    public void Handle_StalledDeadline_NoAdvertWithinTheGrace_TakesOverWhenItEnds()
    {
        VrrpEventLoop loop = StallPastMasterDown(out RouterBinding binding);
        Assert.Equal(RouterState.Backup, binding.Router.State);

        _clock.Advance(VrrpEventLoop.MaxStallGrace);
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Contains("send vi_1 priority 100", _ports.Calls);
        Assert.Equal(1, loop.StallGraces);
    }

    [Fact]
    public void Handle_DeadlineOnTime_TakesOverAtOnceWithoutGrace()
    {
        VrrpEventLoop loop = CreateLoop(out RouterBinding binding);
        loop.Start();

        _clock.Advance(_ports.Deadline!.Value + TimeSpan.FromMilliseconds(1));
        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, binding.Router.State);
        Assert.Equal(0, loop.StallGraces);
    }

    private VrrpEventLoop CreateLoop(out RouterBinding binding, int priority = 100, RouterState initialState = RouterState.Backup) =>
        LoopFixture.CreateLoop(_clock, _ports, out binding, priority, initialState);

    private static ReceivedPacket Packet(byte priority, int ttl = 255) => LoopFixture.Packet(priority, ttl);
}
