using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// Every used <c>vrrp_track_process</c>, natively (keepalived track_process.c): a /proc scan at start,
/// then the kernel's process events (fork, exec, comm, exit) keep the set of matching PIDs current, so
/// a crashed nginx is seen the moment it exits. A tracker is up while quorum ≤ count ≤ quorum_max;
/// losing quorum is reported after <c>terminate_delay</c>, gaining it after <c>fork_delay</c> (both set
/// by <c>delay</c>), and only if it still holds then. Without the proc connector (no CAP_NET_ADMIN, or
/// no way into the initial network namespace) /proc is polled every 500 ms instead, and the log says so.
/// Either way every matching process found is also watched through a pidfd
/// (<see cref="ProcessExitWatcher"/>), so its exit is seen at once even when only the poll finds new
/// processes (with the connector working the pidfd is redundant but harmless).
/// One thread of its own (and the watcher's); it posts readings to the loop.
/// </summary>
internal sealed partial class ProcessTracker : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);

    private readonly Entry[] _entries;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcConnector? _connector;
    private readonly ProcessExitWatcher _exits;
    private bool _exitWatchLimited;
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private volatile bool _stopping;

    public ProcessTracker(IEnumerable<TrackProcess> tracked, ChannelWriter<DaemonEvent> events, TimeProvider time, ILogger logger)
    {
        _entries = [.. tracked.Select(t => new Entry(t))];
        _events = events;
        _time = time;
        _logger = logger;
        _connector = OpenConnector();
        _exits = new ProcessExitWatcher(OnExited);
        Rescan(post: false);
        foreach (Entry entry in _entries)
        {
            entry.Reported = entry.HasQuorum;
            Log.Initial(_logger, entry.Tracked.Name, entry.Tracked.Process, entry.Pids.Count, entry.HasQuorum ? "up" : "down");
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "vigil processes" };
    }

    /// <summary>Each tracker's state found by the start-up scan (applied before the loop starts).</summary>
    public IEnumerable<(TrackerKey Key, TrackerReading Reading)> Initial =>
        _entries.Select(e => (TrackerKey.Process(e.Tracked.Name), TrackerReading.Of(e.HasQuorum)));

    /// <summary>True when process events come from the kernel; false when /proc is polled.</summary>
    public bool UsesConnector => _connector is not null;

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stopping = true;
        _connector?.Wake();
        if (_thread.IsAlive)
        {
            _thread.Join();
        }

        _connector?.Dispose();
        _exits.Dispose();
        foreach (Entry entry in _entries)
        {
            entry.Timer?.Dispose();
        }
    }

    private ProcConnector? OpenConnector()
    {
        try
        {
            return ProcConnector.Open();
        }
        catch (SyscallException first)
        {
            try
            {
                // Inside a network namespace (ip netns exec, containers) the connector is missing: it
                // exists only in the initial one, which root may still reach.
                return ProcConnector.OpenInInitialNamespace();
            }
            catch (SyscallException second)
            {
                Log.NoConnector(_logger, first.Message, second.Message, s_poll.TotalMilliseconds);
                return null;
            }
        }
    }

    private void Run()
    {
        var batch = new List<ProcEvent>();
        while (!_stopping)
        {
            if (_connector is null)
            {
                Thread.Sleep(s_poll);
                Rescan(post: true);
                continue;
            }

            if (_connector.Wait(-1) != WaitOutcome.Ready)
            {
                continue;
            }

            batch.Clear();
            try
            {
                _connector.ReadEvents(batch);
            }
            catch (SyscallException e)
            {
                Log.ReadFailed(_logger, e);
                Rescan(post: true);
                continue;
            }

            foreach (ProcEvent e in batch)
            {
                Apply(e);
            }
        }
    }

    private void Apply(ProcEvent e)
    {
        switch (e.Kind)
        {
            case ProcEventKind.Overrun:
                Rescan(post: true);
                break;
            case ProcEventKind.Exit:
                Update(e.Pid, null);
                break;
            default:
                // fork, exec, comm: what is this process now? (It may be gone already: then it no longer counts.)
                string pid = e.Pid.ToString(CultureInfo.InvariantCulture);
                IReadOnlyList<ProcessSnapshot> found = ProcScanner.Scan([pid], ProcFiles.Read);
                ProcessSnapshot? process = found.Count == 1 ? found[0] : null;
                Update(e.Pid, process, process is null ? ExitWatch.Gone : Watch(process));
                break;
        }
    }

    /// <summary>On the exit watcher's thread: a watched process exited; it no longer counts.</summary>
    private void OnExited(int pid)
    {
        Log.Exited(_logger, pid);
        Update(pid, null);
    }

    /// <summary>Adds or removes one PID in every tracker it (no longer) matches.</summary>
    private void Update(int pid, ProcessSnapshot? process, ExitWatch? watch = ExitWatch.Gone)
    {
        lock (_lock)
        {
            bool counts = process is not null && Counts(process, watch);
            foreach (Entry entry in _entries)
            {
                bool matches = counts && ProcessMatcher.Matches(entry.Tracked, process!);
                bool changed = matches ? entry.Pids.Add(pid) : entry.Pids.Remove(pid);
                if (changed)
                {
                    Evaluate(entry);
                }
            }
        }
    }

    private void Rescan(bool post)
    {
        (ProcessSnapshot Process, ExitWatch? Watch)[] processes = [.. ProcScanner.Scan(ProcFiles.Entries(), ProcFiles.Read).Select(p => (p, Watch(p)))];
        lock (_lock)
        {
            foreach (Entry entry in _entries)
            {
                entry.Pids.Clear();
                foreach ((ProcessSnapshot process, ExitWatch? watch) in processes)
                {
                    if (ProcessMatcher.Matches(entry.Tracked, process) && Counts(process, watch))
                    {
                        entry.Pids.Add(process.Pid);
                    }
                }

                if (post)
                {
                    Evaluate(entry);
                }
            }
        }
    }

    /// <summary>
    /// Has the exit of a process some tracker counts watched through a pidfd (outside the lock: the
    /// watcher calls back into <see cref="Update"/>). Gone when the process already exited, or the PID
    /// now names another one (start time or comm differ): then it does not count.
    /// </summary>
    private ExitWatch? Watch(ProcessSnapshot process)
    {
        if (!_entries.Any(e => ProcessMatcher.Matches(e.Tracked, process)))
        {
            return null; // counts for no tracker: nothing to watch
        }

        ExitWatch result = _exits.Watch(process.Pid, () => ProcScanner.IsSameProcess(process, ProcFiles.Read($"/proc/{process.Pid}/stat")));
        if (result is ExitWatch.Full or ExitWatch.Unsupported && !_exitWatchLimited)
        {
            _exitWatchLimited = true; // once: the poll (or connector) still sees these exits
            Log.ExitWatchLimited(_logger, result.ToString(), ProcessExitWatcher.DefaultCapacity);
        }

        return result;
    }

    /// <summary>
    /// Under the lock: whether a process found by a scan still counts. A watched one whose pidfd fired
    /// since the scan is gone (its exit was, or is about to be, applied): counting it again would flap.
    /// </summary>
    private bool Counts(ProcessSnapshot process, ExitWatch? watch) => watch switch
    {
        ExitWatch.Gone => false,
        ExitWatch.Watching or ExitWatch.AlreadyWatching => _exits.IsWatching(process.Pid),
        _ => true,
    };

    /// <summary>Under the lock: report a quorum change at once, or after its delay if it still holds then.</summary>
    private void Evaluate(Entry entry)
    {
        bool up = entry.HasQuorum;
        if (up == entry.Reported)
        {
            entry.Timer?.Dispose();
            entry.Timer = null;
            return;
        }

        TimeSpan delay = up ? entry.Tracked.ForkDelay : entry.Tracked.TerminateDelay;
        if (delay <= TimeSpan.Zero)
        {
            Report(entry);
            return;
        }

        entry.Timer ??= _time.CreateTimer(_ =>
        {
            lock (_lock)
            {
                entry.Timer?.Dispose();
                entry.Timer = null;
                if (entry.HasQuorum != entry.Reported)
                {
                    Report(entry);
                }
            }
        }, null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Report(Entry entry)
    {
        entry.Reported = entry.HasQuorum;
        Log.Changed(_logger, entry.Tracked.Name, entry.Tracked.Process, entry.Pids.Count, entry.Reported ? "up" : "down");
        _events.TryWrite(DaemonEvent.TrackerRead(TrackerKey.Process(entry.Tracked.Name), TrackerReading.Of(entry.Reported)));
    }

    private sealed class Entry(TrackProcess tracked)
    {
        public TrackProcess Tracked { get; } = tracked;

        public HashSet<int> Pids { get; } = [];

        public bool HasQuorum => ProcessMatcher.HasQuorum(Tracked, Pids.Count);

        /// <summary>The state last posted to the loop.</summary>
        public bool Reported { get; set; }

        /// <summary>A pending delayed report (fork_delay / terminate_delay).</summary>
        public ITimer? Timer { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "vrrp_track_process {Name}: {Count} '{Process}' process(es) at start: {State}")]
        public static partial void Initial(ILogger logger, string name, string process, int count, string state);

        [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "vrrp_track_process {Name}: {Count} '{Process}' process(es): now {State}")]
        public static partial void Changed(ILogger logger, string name, string process, int count, string state);

        [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "process events (proc connector) unavailable ({First}; initial namespace: {Second}): polling /proc every {PollMs} ms for new processes instead; exits of the processes found are still seen at once through pidfds")]
        public static partial void NoConnector(ILogger logger, string first, string second, double pollMs);

        [LoggerMessage(EventId = 3305, Level = LogLevel.Warning, Message = "tracked process exits cannot all be watched through pidfds ({Reason}; at most {Capacity}): those are seen by the proc connector or the /proc poll only")]
        public static partial void ExitWatchLimited(ILogger logger, string reason, int capacity);

        [LoggerMessage(EventId = 3306, Level = LogLevel.Information, Message = "tracked process {Pid} exited (seen through its pidfd)")]
        public static partial void Exited(ILogger logger, int pid);

        [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "reading process events failed; rescanning /proc")]
        public static partial void ReadFailed(ILogger logger, Exception exception);
    }
}
