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
/// One thread of its own; it posts readings to the loop.
/// </summary>
internal sealed partial class ProcessTracker : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(500);

    private readonly Entry[] _entries;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ProcConnector? _connector;
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
                Update(e.Pid, found.Count == 1 ? found[0] : null);
                break;
        }
    }

    /// <summary>Adds or removes one PID in every tracker it (no longer) matches.</summary>
    private void Update(int pid, ProcessSnapshot? process)
    {
        lock (_lock)
        {
            foreach (Entry entry in _entries)
            {
                bool matches = process is not null && ProcessMatcher.Matches(entry.Tracked, process);
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
        IReadOnlyList<ProcessSnapshot> processes = ProcScanner.Scan(ProcFiles.Entries(), ProcFiles.Read);
        lock (_lock)
        {
            foreach (Entry entry in _entries)
            {
                entry.Pids.Clear();
                foreach (ProcessSnapshot process in processes)
                {
                    if (ProcessMatcher.Matches(entry.Tracked, process))
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

        [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "process events (proc connector) unavailable ({First}; initial namespace: {Second}): polling /proc every {PollMs} ms instead, so a process exit is seen up to that much later")]
        public static partial void NoConnector(ILogger logger, string first, string second, double pollMs);

        [LoggerMessage(EventId = 3304, Level = LogLevel.Warning, Message = "reading process events failed; rescanning /proc")]
        public static partial void ReadFailed(ILogger logger, Exception exception);
    }
}
