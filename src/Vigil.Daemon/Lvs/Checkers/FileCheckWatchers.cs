using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Tracking;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// The track_files of the FILE_CHECKs: one <see cref="TrackFileWatcher"/> per file (inotify, a 1 s poll as a
/// backstop, init_file as for VRRP), whose changed values are handed to every FILE_CHECK of that file on one
/// task — no timer of its own, as keepalived's file checkers have no delay_loop or retry.
/// </summary>
internal sealed class FileCheckWatchers : IDisposable
{
    private readonly Channel<DaemonEvent> _events = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (TrackFileWatcher Watcher, long Value)> _files = new(StringComparer.Ordinal);
    private readonly List<(object Owner, FileCheck Check, Action<long> Changed)> _checks = [];
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly Task _pump;

    public FileCheckWatchers(ILogger logger)
    {
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>The value of <paramref name="check"/>'s file now (its watcher started on first use).</summary>
    public long Value(FileCheck check)
    {
        lock (_lock)
        {
            return Watch(check.File!).Value;
        }
    }

    /// <summary>Hands <paramref name="changed"/> each new value of <paramref name="check"/>'s file until <see cref="Remove"/> of <paramref name="owner"/>.</summary>
    public void Add(object owner, FileCheck check, Action<long> changed)
    {
        lock (_lock)
        {
            Watch(check.File!);
            _checks.Add((owner, check, changed));
        }
    }

    public void Remove(object owner)
    {
        lock (_lock)
        {
            _checks.RemoveAll(c => ReferenceEquals(c.Owner, owner));
        }
    }

    public void Dispose()
    {
        _events.Writer.TryComplete();
        _pump.Wait(TimeSpan.FromSeconds(5));
        lock (_lock)
        {
            foreach ((TrackFileWatcher watcher, _) in _files.Values)
            {
                watcher.Dispose();
            }

            _files.Clear();
        }
    }

    private (TrackFileWatcher Watcher, long Value) Watch(TrackFile file)
    {
        if (!_files.TryGetValue(file.Name, out (TrackFileWatcher Watcher, long Value) entry))
        {
            var watcher = new TrackFileWatcher(file, _events.Writer, TimeProvider.System, _logger);
            entry = (watcher, watcher.Initial.FileValue);
            _files[file.Name] = entry;
        }

        return entry;
    }

    private async Task PumpAsync()
    {
        await foreach (DaemonEvent change in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (change.Tracker is not { Kind: TrackerKind.File } key || !FileCheckVerdict.InRange(change.Reading.FileValue))
            {
                continue;
            }

            Action<long>[] due;
            lock (_lock)
            {
                if (!_files.TryGetValue(key.Name, out (TrackFileWatcher Watcher, long Value) entry))
                {
                    continue;
                }

                _files[key.Name] = (entry.Watcher, change.Reading.FileValue);
                due = [.. _checks.Where(c => c.Check.File!.Name == key.Name).Select(c => c.Changed)];
            }

            foreach (Action<long> changed in due)
            {
                changed(change.Reading.FileValue);
            }
        }
    }
}
