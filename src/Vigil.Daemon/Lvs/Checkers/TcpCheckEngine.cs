using Vigil.Linux.Checking;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// Every TCP_CHECK and PING_CHECK on one thread: a timer heap of due checks and one epoll for the connects and
/// echoes in flight (<see cref="TcpConnectPoller"/>), instead of a task, a timer and a managed socket per check.
/// A check allocates nothing in steady state; a verdict reaches <see cref="TcpCheckSlot.Verdict"/> (the controller's
/// table update) on this thread, with the reason built only when the caller asks for it. keepalived's retry
/// rule is <see cref="CheckerRetry"/>'s, as for the other checkers.
/// </summary>
internal sealed class TcpCheckEngine : IDisposable
{
    /// <summary>Timers due this close together fire in one wake-up (1,000 checks at delay_loop 1 wake the thread ~100 times a second, not ~2,000).</summary>
    private const long SlackMs = 10;

    private readonly IConnectPoller _poller;
    private readonly Func<long> _clock;
    private readonly PriorityQueue<(TcpCheckSlot Slot, int Generation), long> _timers = new();
    private readonly List<TcpCheckSlot?> _slots = [];
    private readonly Stack<int> _free = new();
    private readonly Lock _changesGate = new();
    private List<(TcpCheckSlot Slot, bool Add)> _changes = []; // added and removed slots not yet applied, under _changesGate
    private List<(TcpCheckSlot Slot, bool Add)> _applying = []; // the engine thread's: the changes being applied
    private readonly (int Token, int Fd, int Error)[] _done = new (int, int, int)[256];
    private readonly Thread? _thread;
    private volatile bool _stopping;
    private bool _pingGroupWidened;
    private uint? _pingGroupStart;

    public TcpCheckEngine()
        : this(new TcpConnectPoller(), static () => Environment.TickCount64, startThread: true)
    {
    }

    /// <summary>
    /// An engine on <paramref name="poller"/> with <paramref name="clock"/> (milliseconds); without its thread
    /// (<paramref name="startThread"/> false) the caller steps it with <see cref="RunOnce"/>, for tests.
    /// </summary>
    internal TcpCheckEngine(IConnectPoller poller, Func<long> clock, bool startThread)
    {
        _poller = poller;
        _clock = clock;
        if (startThread)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "vigil-tcp-check" };
            _thread.Start();
        }
    }

    /// <summary>Starts checking <paramref name="slot"/> (its first check after a random part of its warmup); any thread.</summary>
    public void Add(TcpCheckSlot slot) => Change(slot, add: true);

    /// <summary>Stops checking <paramref name="slot"/> (a connect in flight is abandoned); any thread.</summary>
    public void Remove(TcpCheckSlot slot) => Change(slot, add: false);

    private void Change(TcpCheckSlot slot, bool add)
    {
        lock (_changesGate)
        {
            _changes.Add((slot, add));
        }

        _poller.Wake();
    }

    public void Dispose()
    {
        _stopping = true;
        _poller.Wake();
        _thread?.Join(TimeSpan.FromSeconds(5));
        foreach (TcpCheckSlot? slot in _slots)
        {
            if (slot is { Fd: >= 0 })
            {
                _poller.Abort(slot.Fd);
            }
        }

        _poller.Dispose();
    }

    private void Run()
    {
        try
        {
            Loop();
        }
        finally
        {
            if (_pingGroupStart is { } start)
            {
                PingGroupRange.Restore(start); // on this thread: the namespace whose range was widened
            }
        }
    }

    private void Loop()
    {
        while (!_stopping)
        {
            RunOnce();
        }
    }

    /// <summary>One turn of the engine's thread: apply added and removed slots, wait for completions up to the next timer, then fire due timers.</summary>
    internal void RunOnce()
    {
        ApplyChanges();
        int wait = _timers.TryPeek(out _, out long next) ? (int)Math.Clamp(next - _clock(), 0, 1000) : 1000;
        long now;
        int n;
        do
        {
            // Completions first, every one the epoll holds, then the timers: a connect that completed while the
            // thread was late (a saturated host) is a success, not a timeout, as in keepalived's scheduler, which
            // handles ready descriptors before expired timers. Timers first made such a late thread fail checks
            // that had succeeded: 1,350-2,570 false DOWNs in 20 s in the TCG guest benchmark, against 94-337 for keepalived.
            n = _poller.Wait(wait, _done);
            now = _clock(); // one clock read for the completions it reports, as keepalived's scheduler
            Complete(n, now);
            wait = 0;
        }
        while (n == _done.Length);

        bool polledAtNow = false;
        while (_timers.TryPeek(out (TcpCheckSlot Slot, int Generation) timer, out long due))
        {
            bool live = timer.Slot.Id >= 0 && timer.Generation == timer.Slot.Generation; // else stale: rescheduled or removed
            if (live && !IsDue(timer.Slot.Fd >= 0, due, now))
            {
                break;
            }

            if (live && timer.Slot.Fd >= 0 && !polledAtNow)
            {
                // The clock was read after the poll: a connect that completed in between (the thread preempted on
                // a loaded host) would be failed as timed out. Before any timeout, poll once more, without waiting:
                // everything completed by now is then seen. Only when a timeout is due, so a healthy check costs
                // no extra syscall.
                polledAtNow = true;
                do
                {
                    n = _poller.Wait(0, _done);
                    Complete(n, now);
                }
                while (n == _done.Length);
                continue;
            }

            _timers.Dequeue();
            if (live)
            {
                Fire(timer.Slot, now);
            }
        }
    }

    /// <summary>Finishes the attempts a <see cref="TcpConnectPoller.Wait"/> reported (its first <paramref name="n"/> results).</summary>
    private void Complete(int n, long now)
    {
        for (int i = 0; i < n; i++)
        {
            (int token, int fd, int error) = _done[i];
            if (token >= 0 && token < _slots.Count && _slots[token] is { } done && done.Fd == fd)
            {
                done.Fd = -1;
                Finish(done, error == 0, error, now);
            }
        }
    }

    /// <summary>
    /// Whether a timer due at <paramref name="due"/> fires at <paramref name="now"/>: a check's start up to
    /// <see cref="SlackMs"/> early (so starts due close together share a wake-up), a connect's or echo's timeout
    /// (<paramref name="timeout"/>) never before it is due: early, it would fail a check with time left.
    /// </summary>
    internal static bool IsDue(bool timeout, long due, long now) => due <= (timeout ? now : now + SlackMs);

    /// <summary>A due timer: start the slot's connect, or, when one is in flight, it timed out.</summary>
    private void Fire(TcpCheckSlot slot, long now)
    {
        if (slot.Fd >= 0)
        {
            _poller.Abort(slot.Fd);
            slot.Fd = -1;
            Finish(slot, up: false, TcpCheckSlot.TimedOut, now);
            return;
        }

        if (slot.Echo)
        {
            int echo = _poller.BeginEcho(slot.Address[..slot.AddressLength], slot.Id);
            if (echo < 0)
            {
                Finish(slot, up: false, -echo, now);
                return;
            }

            slot.Fd = echo;
            Schedule(slot, now + slot.TimeoutMs);
            return;
        }

        CheckSource? source = slot.Source;
        int result = _poller.Begin(slot.Address[..slot.AddressLength],
            source is null ? default : new ConnectSource(source.Address.AsSpan(0, source.AddressLength), source.Device, source.Mark), slot.Id, out ConnectStart start);
        if (start == ConnectStart.SourceFailed)
        {
            // keepalived (tcp_connect_thread, "TCP socket bind failed. Rescheduling."): no verdict, the next try a delay_loop later
            SourceResult(slot, result);
            Schedule(slot, now + slot.DelayLoopMs);
            return;
        }

        SourceResult(slot, 0);
        if (start != ConnectStart.InProgress)
        {
            Finish(slot, start == ConnectStart.Connected, result, now);
            return;
        }

        slot.Fd = result;
        Schedule(slot, now + slot.TimeoutMs);
    }

    /// <summary>Reports a change of whether the slot's source could be set (errno, 0 once it could again).</summary>
    private static void SourceResult(TcpCheckSlot slot, int errno)
    {
        if (errno != slot.SourceError)
        {
            slot.SourceError = errno;
            slot.SourceChanged();
        }
    }

    private void Finish(TcpCheckSlot slot, bool up, int error, long now)
    {
        (bool? verdict, TimeSpan next) = slot.Retry.Record(up);
        if (verdict is { } v)
        {
            slot.LastError = error;
            slot.Verdict(v);
        }

        Schedule(slot, now + (long)next.TotalMilliseconds);
    }

    private void Schedule(TcpCheckSlot slot, long due)
    {
        slot.Generation++;
        _timers.Enqueue((slot, slot.Generation), due);
    }

    private void ApplyChanges()
    {
        lock (_changesGate)
        {
            if (_changes.Count == 0)
            {
                return;
            }

            (_changes, _applying) = (_applying, _changes);
        }

        foreach ((TcpCheckSlot Slot, bool Add) change in _applying)
        {
            TcpCheckSlot slot = change.Slot;
            if (change.Add && slot.Id < 0)
            {
                if (slot.Echo && !_pingGroupWidened)
                {
                    // keepalived widens ping_group_range once, when it reads the first PING_CHECK
                    _pingGroupWidened = true;
                    _pingGroupStart = PingGroupRange.Widen();
                }

                slot.Id = _free.Count > 0 ? _free.Pop() : _slots.Count;
                if (slot.Id == _slots.Count)
                {
                    _slots.Add(slot);
                }
                else
                {
                    _slots[slot.Id] = slot;
                }

                Schedule(slot, _clock() + (long)slot.Retry.FirstDelay(Random.Shared.NextDouble()).TotalMilliseconds);
            }
            else if (!change.Add && slot.Id >= 0)
            {
                if (slot.Fd >= 0)
                {
                    _poller.Abort(slot.Fd);
                    slot.Fd = -1;
                }

                _slots[slot.Id] = null;
                _free.Push(slot.Id);
                slot.Id = -1;
            }
        }

        // A start adds every check at once: a list sized for 1,000 would otherwise stay (a ConcurrentQueue kept its 1,024-entry segment)
        _applying.Clear();
        if (_applying.Capacity > 64)
        {
            _applying = [];
        }
    }
}
