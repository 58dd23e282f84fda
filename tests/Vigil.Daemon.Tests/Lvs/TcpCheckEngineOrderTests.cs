using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux.Checking;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>
/// The TCP_CHECK engine's order of completions and timeouts, stepped with a scripted poller and clock: a connect
/// that completed while the thread was late is a success, never a timeout.
/// </summary>
public sealed class TcpCheckEngineOrderTests
{
    private const int ConnectFd = 100;

    [Fact]
    public void ConnectCompletedWhileTheClockPassedItsTimeout_IsUp()
    {
        // The wait returns nothing, then the clock reads past the timeout: the thread was preempted between the two,
        // and the connect completed meanwhile. The poll at that clock must see it before the timeout fires.
        var run = new Run();
        run.Poller.OnWait = (call, timeout) => call switch
        {
            2 => run.Clock = 1_000,
            3 when timeout == 0 => run.Poller.Report(ConnectFd, error: 0),
            _ => 0,
        };

        run.Step(times: 2);

        Assert.Equal([true], run.Verdicts);
        Assert.Empty(run.Poller.Aborted);
    }

    [Fact]
    public void NoCompletionByTheTimeout_IsDownAndTheConnectIsAborted()
    {
        var run = new Run();
        run.Poller.OnWait = (call, _) => call == 2 ? run.Clock = 1_000 : 0;

        run.Step(times: 2);

        Assert.Equal([false], run.Verdicts);
        Assert.Equal([ConnectFd], run.Poller.Aborted);
    }

    [Fact]
    public void TimeoutNotYetDue_NoExtraPoll()
    {
        // A healthy check costs no extra syscall: with the timeout still ahead, one wait per turn.
        var run = new Run();
        run.Poller.OnWait = (call, _) => call == 2 ? run.Clock = 999 : 0;

        run.Step(times: 2);

        Assert.Empty(run.Verdicts);
        Assert.Equal(2, run.Poller.Waits);
    }

    [Fact]
    public void RetryState_KeptByTheSlotAcrossAttempts()
    {
        // retry 1: at start one failure is a verdict; after an up, a failure is retried once before it is one. The slot
        // holds its retry state as a struct field: were it copied per attempt, every failure would be a verdict at once.
        var run = new Run(retry: 1);
        var outcomes = new Queue<int>([111, 0, 111, 111]);
        run.Poller.OnWait = (_, _) =>
        {
            if (run.Poller.InFlight)
            {
                run.Poller.Report(ConnectFd, outcomes.Dequeue());
            }

            return run.Clock += 1_000; // the next attempt (delay_loop or delay_before_retry, 1 s) is due at the next turn
        };

        for (int turn = 0; turn < 20 && outcomes.Count > 0; turn++)
        {
            run.Engine.RunOnce();
        }

        Assert.Empty(outcomes);
        Assert.Equal([false, true, false], run.Verdicts);
    }

    /// <summary>One slot (delay_loop 1 s, connect_timeout 1 s, delay_before_retry 1 s, no warmup) on an engine stepped by hand; the first turn starts its connect.</summary>
    private sealed class Run
    {
        public Run(int retry = 0)
        {
            Engine = new TcpCheckEngine(Poller, () => Clock, startThread: false);
            var timing = new CheckTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), retry, TimeSpan.FromSeconds(1)) { Warmup = TimeSpan.Zero };
            Engine.Add(new CallbackTcpCheckSlot(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 80), timing, (_, up) => Verdicts.Add(up)));
        }

        public ScriptedPoller Poller { get; } = new();

        public TcpCheckEngine Engine { get; }

        public long Clock { get; set; }

        public List<bool> Verdicts { get; } = [];

        public void Step(int times)
        {
            for (int i = 0; i < times; i++)
            {
                Engine.RunOnce();
            }
        }
    }

    /// <summary>Begins every connect in progress on <see cref="ConnectFd"/>; each wait runs <see cref="OnWait"/> (its call number from 1, its timeout), which may report completions.</summary>
    private sealed class ScriptedPoller : IConnectPoller
    {
        private (int Token, int Fd, int Error)? _pending;
        private int _token = -1;

        public Func<int, int, long> OnWait { get; set; } = (_, _) => 0;

        public int Waits { get; private set; }

        /// <summary>A connect has begun and not been reported yet.</summary>
        public bool InFlight { get; private set; }

        public List<int> Aborted { get; } = [];

        public long Report(int fd, int error)
        {
            _pending = (_token, fd, error);
            InFlight = false;
            return 0;
        }

        public int Begin(ReadOnlySpan<byte> address, in ConnectSource source, int token, out ConnectStart start)
        {
            _token = token;
            InFlight = true;
            start = ConnectStart.InProgress;
            return ConnectFd;
        }

        public int BeginEcho(ReadOnlySpan<byte> address, int token) => throw new NotSupportedException();

        public void Abort(int fd) => Aborted.Add(fd);

        public int Wait(int timeoutMs, Span<(int Token, int Fd, int Error)> done)
        {
            OnWait(++Waits, timeoutMs);
            if (_pending is not { } completion)
            {
                return 0;
            }

            _pending = null;
            done[0] = completion;
            return 1;
        }

        public void Wake()
        {
        }

        public void Dispose()
        {
        }
    }
}
