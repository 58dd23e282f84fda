using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tracking;

/// <summary>
/// One <c>track_file</c>: its number, re-read when inotify (FileSystemWatcher on its directory) says the
/// file changed, as keepalived watches it, and once a second as a backstop for a missed notification;
/// a changed value is posted to the loop. <c>init_file</c> creates the file (or, with <c>overwrite</c>,
/// rewrites it) before the first read.
/// </summary>
internal sealed partial class TrackFileWatcher : IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(1);

    private readonly TrackFile _file;
    private readonly ChannelWriter<DaemonEvent> _events;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long _value;

    public TrackFileWatcher(TrackFile file, ChannelWriter<DaemonEvent> events, TimeProvider time, ILogger logger)
    {
        _file = file;
        _events = events;
        _logger = logger;
        Key = TrackerKey.File(file.Name);
        // lstat, not File.Exists: a dangling symlink planted at the path is "there" and is never written
        // through; the write itself replaces the path (never follows a link) with a 0644 file whatever the umask.
        if (file.InitFile && (file.InitOverwrite || new Vigil.Linux.Host.HostInspector().LinkStatus(file.Path) is null))
        {
            Vigil.Linux.Control.PrivateFile.Write(file.Path, System.Text.Encoding.ASCII.GetBytes(file.InitValue.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"), Vigil.Linux.Control.PrivateFile.Readable);
        }

        _value = Read();
        string? directory = Path.GetDirectoryName(file.Path);
        if (directory is not null && Directory.Exists(directory))
        {
            _watcher = new FileSystemWatcher(directory, Path.GetFileName(file.Path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => Refresh();
            _watcher.Created += (_, _) => Refresh();
            _watcher.Deleted += (_, _) => Refresh();
            _watcher.Renamed += (_, _) => Refresh();
            _watcher.EnableRaisingEvents = true;
        }

        _timer = time.CreateTimer(_ => Refresh(), null, s_poll, s_poll);
    }

    public TrackerKey Key { get; }

    /// <summary>The value read at start (applied to the instances before the loop starts).</summary>
    public TrackerReading Initial => TrackerReading.File(_value);

    /// <summary>Reads the file now (a reload: keepalived's init_track_files re-reads it), posting the value if it changed; returns it.</summary>
    public long Reread()
    {
        Refresh();
        lock (_lock)
        {
            return _value;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _watcher?.Dispose();
    }

    private void Refresh()
    {
        // Read and post under one lock: the watcher and the timer may both fire, and an older read
        // must never be posted after a newer one.
        lock (_lock)
        {
            long value = Read();
            if (value == _value)
            {
                return;
            }

            _value = value;
            Log.ValueChanged(_logger, _file.Name, _file.Path, value);
            _events.TryWrite(DaemonEvent.TrackerRead(Key, TrackerReading.File(value)));
        }
    }

    private long Read()
    {
        try
        {
            return TrackFileValue.Parse(File.ReadAllText(_file.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // a missing file reads as 0 (keepalived)
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "track_file {Name}: {Path} now reads {Value}")]
        public static partial void ValueChanged(ILogger logger, string name, string path, long value);
    }
}
