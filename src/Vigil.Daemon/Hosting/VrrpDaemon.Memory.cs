using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Linux.Memory;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Gives start-up memory back once the daemon is running, so an idle `vigil run` stays small on the box:
/// an aggressive GC returns the garbage of config parsing and set-up to the OS, and the code pages only
/// start-up used are unmapped. Done once, off the loop thread, when the first elections are over (two of the
/// longest Master_Down_Intervals after start, at least 2 s, at most 30 s): the heap is a few MB, so the blocking
/// GC takes about a millisecond, far below half an advert interval.
/// </summary>
public sealed partial class VrrpDaemon
{
    private void ScheduleMemoryTrim(KeepalivedConfig config)
    {
        TimeSpan longest = config.Instances.Count == 0 ? TimeSpan.Zero : config.Instances.Max(i => i.AdvertInterval);
        TimeSpan delay = TimeSpan.FromTicks(Math.Clamp(2 * ((3 * longest) + longest).Ticks, TimeSpan.FromSeconds(2).Ticks, TimeSpan.FromSeconds(30).Ticks));
        Timer? timer = null;
        timer = Own(new Timer(_ =>
        {
            timer?.Dispose();
            long before = Environment.WorkingSet;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            StartupPages.ReleaseExecutableMappings();
            MemoryLog.Trimmed(_logger, before / 1024, Environment.WorkingSet / 1024);
        }));
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private static partial class MemoryLog
    {
        [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "start-up memory returned: resident {BeforeKiB} KiB -> {AfterKiB} KiB")]
        public static partial void Trimmed(ILogger logger, long beforeKiB, long afterKiB);
    }
}
