using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Trackers across a reload: a reload that names a track_file, vrrp_track_process or track_interface no
/// instance used before starts reading it (its first reading goes into the new instances before the loop
/// applies the reload, and again on the loop in case it changed meanwhile); trackers no instance uses any
/// more are stopped once the reload is applied. vrrp_script trackers are not restarted (see RestartOnlyChanges).
/// </summary>
public sealed partial class VrrpDaemon
{
    private readonly Dictionary<TrackerKey, (TrackFile Definition, TrackFileWatcher Watcher)> _fileWatchers = [];
    private (TrackProcess[] Definitions, ProcessTracker Tracker)? _processes;

    /// <summary>What a reload does to the trackers: <see cref="OnLoop"/> with the plan, <see cref="Retire"/> after it.</summary>
    private sealed record TrackerSwap(Action OnLoop, IReadOnlyList<IDisposable> Retired);

    /// <summary>Off the loop, after <see cref="Plan"/>: starts the trackers the new configuration needs and feeds their first readings to the new bindings.</summary>
    private TrackerSwap SwapTrackers(KeepalivedConfig config, ReloadPlan plan)
    {
        var used = plan.Bindings.SelectMany(b => b.Tracking.Bindings).Select(b => b.Key).ToHashSet();
        // Only bindings the loop does not see yet may be touched here: the added ones and the in-place replacements.
        IReadOnlyList<RouterBinding> fresh = [.. plan.Added, .. plan.Updated.Select(u => u.New)];
        var started = new List<(TrackerKey Key, Func<TrackerReading> Current)>();
        var retired = new List<IDisposable>();

        foreach (TrackFile file in config.TrackFiles.Where(f => used.Contains(TrackerKey.File(f.Name))))
        {
            TrackerKey key = TrackerKey.File(file.Name);
            if (_fileWatchers.TryGetValue(key, out var running) && running.Definition == file)
            {
                continue;
            }

            if (running.Watcher is not null)
            {
                retired.Add(running.Watcher);
            }

            TrackFileWatcher watcher = Own(new TrackFileWatcher(file, _events.Writer, TimeProvider.System, _logger));
            _fileWatchers[key] = (file, watcher);
            started.Add((key, () => watcher.Initial));
        }

        foreach (TrackerKey gone in _fileWatchers.Keys.Where(k => !used.Contains(k)).ToList())
        {
            retired.Add(_fileWatchers[gone].Watcher);
            _fileWatchers.Remove(gone);
        }

        TrackProcess[] processes = [.. config.TrackProcesses.Where(p => used.Contains(TrackerKey.Process(p.Name)))];
        if (!processes.SequenceEqual(_processes?.Definitions ?? []))
        {
            if (_processes is { } old)
            {
                retired.Add(old.Tracker);
            }

            _processes = null;
            if (processes.Length > 0)
            {
                ProcessTracker tracker = Own(new ProcessTracker(processes, _events.Writer, TimeProvider.System, _logger));
                _processes = (processes, tracker);
                tracker.Start();
                foreach (TrackProcess process in processes)
                {
                    TrackerKey key = TrackerKey.Process(process.Name);
                    started.Add((key, () => tracker.Initial.First(r => r.Key == key).Reading));
                }
            }
        }

        IReadOnlyDictionary<int, string> interfaces = TrackedInterfacesNow(used, started);
        foreach ((TrackerKey key, Func<TrackerReading> current) in started)
        {
            Apply(fresh, key, current());
        }

        return new TrackerSwap(() =>
        {
            _loop.TrackedInterfaces = interfaces;
            foreach ((TrackerKey key, Func<TrackerReading> current) in started)
            {
                _loop.Handle(DaemonEvent.TrackerRead(key, current())); // a change between the first read and now
            }
        }, retired);
    }

    /// <summary>After the reload was applied: stops the trackers no instance uses any more.</summary>
    private void Retire(TrackerSwap swap)
    {
        foreach (IDisposable tracker in swap.Retired)
        {
            _resources.Remove(tracker);
            tracker.Dispose();
        }
    }

    /// <summary>The tracked interfaces by index for the new configuration, from a fresh link dump; the ones not tracked before are added to <paramref name="started"/>.</summary>
    private IReadOnlyDictionary<int, string> TrackedInterfacesNow(HashSet<TrackerKey> used, List<(TrackerKey Key, Func<TrackerReading> Current)> started)
    {
        IReadOnlyDictionary<int, string> before = _loop.TrackedInterfaces;
        var tracked = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (LinkInfo link in (_reloadNetlink ?? _netlink).GetLinks())
        {
            TrackerKey key = TrackerKey.Interface(link.Name);
            if (used.Contains(key))
            {
                tracked[link.InterfaceIndex] = link.Name;
                names.Add(link.Name);
                if (!before.Values.Contains(link.Name, StringComparer.Ordinal))
                {
                    TrackerReading reading = TrackerReading.Of(link.IsUp);
                    started.Add((key, () => reading));
                }
            }
        }

        // A tracked interface that does not exist is down (as at startup).
        foreach (TrackerKey key in used.Where(k => k.Kind == TrackerKind.Interface && !names.Contains(k.Name)))
        {
            started.Add((key, () => TrackerReading.Down));
        }

        return tracked;
    }
}
