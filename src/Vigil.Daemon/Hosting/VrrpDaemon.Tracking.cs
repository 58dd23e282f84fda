using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// The tracking half of <c>vigil run</c>'s composition: which trackers each instance uses (keepalived's
/// rules, <see cref="TrackingPlan"/>) and the tracker sources that feed the loop. Only trackers some
/// instance uses are started (keepalived does not run an unused vrrp_script either).
/// </summary>
public sealed partial class VrrpDaemon
{
    private InstanceTracking PlanTracking(VrrpInstance instance, KeepalivedConfig config)
    {
        var warnings = new List<string>();
        IReadOnlyList<TrackerBinding> trackers = TrackingPlan.For(instance, config, warnings);
        foreach (string warning in warnings)
        {
            Log.TrackingWarning(_logger, warning);
        }

        return new InstanceTracking(instance.Name, instance.Priority, trackers);
    }

    private void StartTrackers(KeepalivedConfig config, IReadOnlyList<RouterBinding> bindings, IEnumerable<LinkInfo> links)
    {
        var used = bindings.SelectMany(b => b.Tracking.Bindings).Select(b => b.Key).ToHashSet();
        TrackInterfaces(used, bindings, links);
        foreach (TrackFile file in config.TrackFiles.Where(f => used.Contains(TrackerKey.File(f.Name))))
        {
            TrackFileWatcher watcher = Own(new TrackFileWatcher(file, _events.Writer, TimeProvider.System, _logger));
            _fileWatchers[watcher.Key] = (file, watcher);
            Apply(bindings, watcher.Key, watcher.Initial);
        }

        var identity = new ScriptIdentity(config.Global, new HostInspector());
        TrackProcess[] processes = [.. config.TrackProcesses.Where(p => used.Contains(TrackerKey.Process(p.Name)))];
        if (processes.Length > 0)
        {
            ProcessTracker tracker = Own(new ProcessTracker(processes, _events.Writer, TimeProvider.System, _logger));
            _processes = (processes, tracker);
            foreach ((TrackerKey key, TrackerReading reading) in tracker.Initial)
            {
                Apply(bindings, key, reading);
            }

            tracker.Start();
        }

        foreach (VrrpScript script in config.Scripts.Where(s => used.Contains(TrackerKey.Script(s.Name))))
        {
            if (!ScriptCommandLexer.TrySplit(script.Script, out IReadOnlyList<string> argv, out string? error) || argv.Count == 0)
            {
                throw new DaemonSetupException($"{script.Location}: script of vrrp_script {script.Name} cannot be split into a command: {error ?? "it is empty"}");
            }

            ScriptRunRequest request = identity.Request(argv, script.User, script.Location, script.Timeout);
            (int uid, int gid) = (request.Uid, request.Gid);
            var tracker = Own(new ScriptTracker(script, request, _events.Writer, TimeProvider.System, _logger));
            if (script.InitFail)
            {
                // init_fail: the script counts as failed before its first run (keepalived SCRIPT_INIT_STATE_FAILED).
                Apply(bindings, tracker.Key, TrackerReading.Down);
            }

            lock (_scripts)
            {
                _scripts.Add(tracker); // the status readers enumerate it off the loop thread
            }

            Log.ScriptTracked(_logger, script.Name, string.Join(' ', argv), uid, gid, script.Interval.TotalSeconds, script.Timeout.TotalSeconds, script.Rise, script.Fall);
        }

        foreach (ScriptTracker tracker in _scripts)
        {
            tracker.Start();
        }
    }

    /// <summary>track_interface: the link state now, then every link event for these indexes becomes a reading.</summary>
    private void TrackInterfaces(HashSet<TrackerKey> used, IReadOnlyList<RouterBinding> bindings, IEnumerable<LinkInfo> links)
    {
        var tracked = new Dictionary<int, string>();
        foreach (LinkInfo link in links)
        {
            TrackerKey key = TrackerKey.Interface(link.Name);
            if (used.Contains(key))
            {
                tracked[link.InterfaceIndex] = link.Name;
                Apply(bindings, key, TrackerReading.Of(link.IsUp));
            }
        }

        // A tracked interface that does not exist is down (vigil check refuses this configuration anyway).
        foreach (TrackerKey key in used.Where(k => k.Kind == TrackerKind.Interface && !tracked.ContainsValue(k.Name)))
        {
            Apply(bindings, key, TrackerReading.Down);
        }

        _loop.TrackedInterfaces = tracked;
    }

    /// <summary>A reading known before the loop starts: folded into the instances' tracking so Start begins from it.</summary>
    private static void Apply(IReadOnlyList<RouterBinding> bindings, TrackerKey key, TrackerReading reading)
    {
        foreach (RouterBinding binding in bindings)
        {
            binding.Tracking.Update(key, reading);
        }
    }
}
