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
    private readonly Dictionary<string, (TrackFileWatcher Watcher, long Value, TrackFile Definition)> _files = new(StringComparer.Ordinal);
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
            foreach ((TrackFileWatcher watcher, _, _) in _files.Values)
            {
                watcher.Dispose();
            }

            _files.Clear();
        }
    }

    /// <summary>
    /// A reload, before the verdicts are reconciled: every track_file the FILE_CHECKs of <paramref name="checks"/> name
    /// is read again, as keepalived's init_track_files does; one whose definition changed gets a new watcher (init_file
    /// then creates a missing file but never overwrites one, as at a keepalived reload); a file no FILE_CHECK names any
    /// more is no longer watched.
    /// </summary>
    public void Reload(IEnumerable<FileCheck> checks)
    {
        Dictionary<string, TrackFile> wanted = checks.Select(c => c.File!).DistinctBy(f => f.Name).ToDictionary(f => f.Name, StringComparer.Ordinal);
        lock (_lock)
        {
            foreach ((string name, (TrackFileWatcher watcher, long _, TrackFile definition)) in _files.ToArray())
            {
                if (!wanted.TryGetValue(name, out TrackFile? file) || file != definition)
                {
                    watcher.Dispose();
                    _files.Remove(name);
                }
                else
                {
                    long value = watcher.Reread();
                    if (FileCheckVerdict.InRange(value))
                    {
                        _files[name] = (watcher, value, definition);
                    }
                }
            }

            foreach (TrackFile file in wanted.Values)
            {
                Watch(file, reload: true);
            }
        }
    }

    private (TrackFileWatcher Watcher, long Value, TrackFile Definition) Watch(TrackFile file, bool reload = false)
    {
        if (!_files.TryGetValue(file.Name, out (TrackFileWatcher Watcher, long Value, TrackFile Definition) entry))
        {
            var watcher = new TrackFileWatcher(reload ? file with { InitOverwrite = false } : file, _events.Writer, TimeProvider.System, _logger);
            entry = (watcher, watcher.Initial.FileValue, file);
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
                if (!_files.TryGetValue(key.Name, out (TrackFileWatcher Watcher, long Value, TrackFile Definition) entry))
                {
                    continue;
                }

                _files[key.Name] = entry with { Value = change.Reading.FileValue };
                due = [.. _checks.Where(c => c.Check.File!.Name == key.Name).Select(c => c.Changed)];
            }

            foreach (Action<long> changed in due)
            {
                changed(change.Reading.FileValue);
            }
        }
    }
}
