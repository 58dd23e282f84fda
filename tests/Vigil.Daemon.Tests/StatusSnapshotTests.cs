using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

public sealed class StatusSnapshotTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero));
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void Snapshot_AfterStartup_ShowsBackupWithPrioritiesAndNoMaster()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        loop.Start();
        _clock.Advance(TimeSpan.FromSeconds(2));

        InstanceStatus status = Assert.Single(loop.Snapshot().Instances);

        Assert.Equal("vi_1", status.Name);
        Assert.Equal("BACKUP", status.State);
        Assert.Equal(100, status.BasePriority);
        Assert.Equal(100, status.EffectivePriority);
        Assert.Null(status.MasterAddress);
        Assert.Equal(2.0, status.TimeInStateSeconds);
        Assert.Equal("startup", status.LastTransitionReason);
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromSeconds(2), status.LastTransitionAt);
    }

    [Fact]
    public void Snapshot_AfterTakeover_CountsBecameMasterAdvertsSentAndNamesItselfMaster()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        InstanceStatus status = Assert.Single(loop.Snapshot().Instances);

        Assert.Equal("MASTER", status.State);
        Assert.Equal("192.0.2.1", status.MasterAddress);
        Assert.Equal(1, status.Counters.BecomeMaster);
        Assert.Equal(0, status.Counters.ReleaseMaster);
        Assert.Equal(1, status.Counters.AdvertSent);
        Assert.Equal(["INIT->BACKUP", "BACKUP->MASTER"], status.History.Select(h => $"{h.From}->{h.To}"));
        Assert.Contains(status.Transitions, t => t is { From: "BACKUP", To: "MASTER", Reason: "MasterDownTimerExpired", Count: 1 });
        Assert.Equal(0, status.Failovers.Count); // no master was ever heard: startup election, not a failover
    }

    [Fact]
    public void Snapshot_HigherPriorityAdvertAsMaster_CountsReleaseAndShowsPeerAsMaster()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        loop.Start();
        _clock.Advance(_ports.Deadline!.Value);
        loop.Handle(DaemonEvent.Deadline);

        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(priority: 200)));
        InstanceStatus status = Assert.Single(loop.Snapshot().Instances);

        Assert.Equal("BACKUP", status.State);
        Assert.Equal("192.0.2.2", status.MasterAddress);
        Assert.Equal(200, status.MasterPriority);
        Assert.Equal(1, status.Counters.ReleaseMaster);
        Assert.Equal(1, status.Counters.AdvertRcvd);
        Assert.StartsWith("received higher priority 200 from 192.0.2.2", status.LastTransitionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_MasterSilentAfterAdverts_MeasuresFailoverFromLastAdvert()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        loop.Start();
        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(priority: 200)));
        TimeSpan masterDown = binding.Router.MasterDownInterval;

        _clock.Advance(masterDown);
        loop.Handle(DaemonEvent.Deadline);
        FailoverStats failovers = Assert.Single(loop.Snapshot().Instances).Failovers;

        Assert.Equal(1, failovers.Count);
        Assert.Equal(masterDown.TotalSeconds, failovers.LastSeconds!.Value, 6);
        Assert.Equal(1, failovers.CumulativeBuckets[^1]);
    }

    [Fact]
    public void Snapshot_PriorityZeroAndDrops_CountedUnderKeepalivedNames()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        loop.Start();
        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(priority: 200, ttl: 64)));
        loop.Handle(DaemonEvent.Received(LoopFixture.Packet(priority: 0)));

        InstanceCounters counters = Assert.Single(loop.Snapshot().Instances).Counters;

        Assert.Equal(1, counters.IpTtlErr);
        Assert.Equal(1, counters.PriZeroRcvd);
        Assert.Equal(1, counters.AdvertRcvd);
        Assert.Equal(1, counters.Dropped["TtlError"]);
    }

    [Fact]
    public void Stop_AsMaster_CountsPriorityZeroSent()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _, priority: 255, initialState: RouterState.Master);
        loop.Start();

        loop.Stop();
        InstanceStatus status = Assert.Single(loop.Snapshot().Instances);

        Assert.Equal(1, status.Counters.PriZeroSent);
        Assert.Equal("STOP", status.State);
        Assert.Equal("shutdown", status.LastTransitionReason);
    }

    [Fact]
    public async Task RunAsync_SnapshotRequestEvent_AnsweredByTheLoop()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        var channel = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
        var reply = new TaskCompletionSource<DaemonStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Writer.TryWrite(DaemonEvent.SnapshotRequest(reply));
        channel.Writer.TryWrite(DaemonEvent.StopRequested);

        await loop.RunAsync(channel.Reader, CancellationToken.None);

        Assert.True(reply.Task.IsCompletedSuccessfully);
        Assert.Equal("BACKUP", Assert.Single((await reply.Task).Instances).State);
    }

    [Fact]
    public async Task RunAsync_SnapshotRequestAfterStop_IsCancelledNotLeftHanging()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out _);
        var channel = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
        var reply = new TaskCompletionSource<DaemonStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Writer.TryWrite(DaemonEvent.StopRequested);
        channel.Writer.TryWrite(DaemonEvent.SnapshotRequest(reply));

        await loop.RunAsync(channel.Reader, CancellationToken.None);

        Assert.True(reply.Task.IsCanceled);
    }

    [Fact]
    public void TransitionHistory_MoreThanCapacity_KeepsTheLastHundredOldestFirst()
    {
        var history = new TransitionHistory();
        for (int i = 0; i < 250; i++)
        {
            history.Add(new TransitionRecord(RouterState.Backup, RouterState.Master, default, TimeSpan.FromSeconds(i), default));
        }

        TransitionRecord[] kept = history.ToArray();

        Assert.Equal(TransitionHistory.Capacity, kept.Length);
        Assert.Equal(TimeSpan.FromSeconds(150), kept[0].At);
        Assert.Equal(TimeSpan.FromSeconds(249), kept[^1].At);
        Assert.Equal(TimeSpan.FromSeconds(249), history.Last!.Value.At);
    }

    [Fact]
    public void TransitionHistory_WhileGrowing_KeepsEveryRecordInOrder()
    {
        var history = new TransitionHistory();
        Assert.Empty(history.ToArray());
        Assert.Null(history.Last);
        for (int i = 0; i < 130; i++)
        {
            history.Add(new TransitionRecord(RouterState.Backup, RouterState.Master, default, TimeSpan.FromSeconds(i), default));

            TransitionRecord[] kept = history.ToArray();
            int first = Math.Max(0, i + 1 - TransitionHistory.Capacity);
            Assert.Equal(Enumerable.Range(first, i + 1 - first).Select(s => TimeSpan.FromSeconds(s)), kept.Select(k => k.At));
            Assert.Equal(TimeSpan.FromSeconds(i), history.Last!.Value.At);
        }
    }
}
