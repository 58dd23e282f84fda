using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// Issue 13: each instance's first Master_Down timer counts from the moment its socket held its adverts
/// (<see cref="RouterBinding.ListeningSinceTimestamp"/>, stamped by the daemon from the loop's clock), not from the
/// loop's start after the whole set-up; adverts that arrived meanwhile are handled after the start, not lost. Instances
/// whose timers fall due together (1,000 started at once) take over in one pass, however long their takeovers take.
/// </summary>
public sealed class VrrpEventLoopStartTests
{
    private static readonly TimeSpan s_setUp = TimeSpan.FromMilliseconds(80);
    private static readonly TimeSpan s_untilRun = TimeSpan.FromMilliseconds(40);

    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingPorts _ports = new();

    [Fact]
    public void Start_SocketListeningBeforeTheSetUpEnded_DeadlineCountsFromTheSocket()
    {
        VrrpEventLoop loop = CreateLoopAfterSetUp(out RouterBinding binding);
        _clock.Advance(s_untilRun);

        loop.Start();

        Assert.Equal(RouterState.Backup, binding.Router.State);
        Assert.Equal(s_setUp + s_untilRun, loop.Now); // loop time starts at the socket's stamp
        Assert.Equal(binding.Router.MasterDownInterval, _ports.Deadline);
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        loop.Handle(DaemonEvent.Deadline);
        Assert.Equal(RouterState.Master, binding.Router.State);
    }

    [Fact]
    public void Start_WithoutAStamp_DeadlineCountsFromTheStart()
    {
        VrrpEventLoop loop = LoopFixture.CreateLoop(_clock, _ports, out RouterBinding binding);
        _clock.Advance(s_untilRun);

        loop.Start();

        Assert.Equal(s_untilRun + binding.Router.MasterDownInterval, _ports.Deadline);
    }

    [Fact]
    public async Task RunAsync_AdvertQueuedDuringSetUp_IsHandledAfterTheStartAndKeepsTheInstanceBackup()
    {
        VrrpEventLoop loop = CreateLoopAfterSetUp(out RouterBinding binding);
        Channel<DaemonEvent> events = Channel.CreateUnbounded<DaemonEvent>();
        events.Writer.TryWrite(DaemonEvent.Received(LoopFixture.Packet(priority: 200))); // read by the socket reader before the loop ran
        (RouterState State, TimeSpan? Deadline, TimeSpan Now) seen = default;
        events.Writer.TryWrite(DaemonEvent.OnLoop(() => seen = (binding.Router.State, binding.Router.NextDeadline, loop.Now)));
        events.Writer.TryWrite(DaemonEvent.StopRequested);
        _clock.Advance(s_untilRun);

        await loop.RunAsync(events.Reader, CancellationToken.None);

        Assert.Equal(RouterState.Backup, seen.State);
        Assert.Equal(seen.Now + binding.Router.MasterDownInterval, seen.Deadline); // restarted by the advert
        Assert.Equal(1, binding.Counters.Accepted);
        Assert.DoesNotContain("add vi_1", _ports.Calls);
    }

    [Fact]
    public void Deadline_AnotherInstanceFallsDueDuringATakeover_TakesOverInTheSamePass()
    {
        // The second instance falls due while the first takes over: it must not wait for the events queued behind this deadline.
        VrrpEventLoop loop = TwoInstancesAtTheFirstDeadline(TimeSpan.FromMilliseconds(1), out RouterBinding first, out RouterBinding second);

        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, first.Router.State);
        Assert.Equal(RouterState.Master, second.Router.State);
        Assert.Equal(["add vi_1", "add vi_2"], _ports.Calls.Where(c => c.StartsWith("add", StringComparison.Ordinal)));
    }

    [Fact]
    public void Deadline_AnotherInstanceNotYetDue_WaitsForItsOwnDeadline()
    {
        VrrpEventLoop loop = TwoInstancesAtTheFirstDeadline(TimeSpan.FromMilliseconds(5), out RouterBinding first, out RouterBinding second);

        loop.Handle(DaemonEvent.Deadline);

        Assert.Equal(RouterState.Master, first.Router.State);
        Assert.Equal(RouterState.Backup, second.Router.State); // due 5 ms after the first, 3 ms after its takeover ended
        Assert.Equal(second.Router.NextDeadline, _ports.Deadline);
    }

    /// <summary>
    /// Two instances whose sockets began listening <paramref name="apart"/> (two interfaces), started, at the first one's
    /// Master_Down; from then on every takeover takes 2 ms (adding the VIPs advances the clock).
    /// </summary>
    private VrrpEventLoop TwoInstancesAtTheFirstDeadline(TimeSpan apart, out RouterBinding first, out RouterBinding second)
    {
        first = LoopFixture.Binding("vi_1", 51, listeningSince: _clock.GetTimestamp());
        _clock.Advance(apart);
        second = LoopFixture.Binding("vi_2", 52, listeningSince: _clock.GetTimestamp());
        var loop = new VrrpEventLoop([first, second], _ports, _ports, _ports, _ports, _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        loop.Start();
        _ports.Adding = () => _clock.Advance(TimeSpan.FromMilliseconds(2));
        _clock.Advance(_ports.Deadline!.Value - loop.Now);
        return loop;
    }

    /// <summary>The instance's socket listens, then the rest of the set-up takes <see cref="s_setUp"/> before the loop is built.</summary>
    private VrrpEventLoop CreateLoopAfterSetUp(out RouterBinding binding)
    {
        long listening = _clock.GetTimestamp();
        _clock.Advance(s_setUp);
        return LoopFixture.CreateLoop(_clock, _ports, out binding, listeningSince: listening);
    }
}
