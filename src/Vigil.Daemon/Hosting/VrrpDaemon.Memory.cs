using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Linux.Memory;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Gives start-up memory back once the daemon is running, so an idle `vigil run` stays small on the box:
/// an aggressive GC returns the garbage of config parsing and set-up to the OS, and the code pages only
/// start-up used are unmapped, and the type data paged in from the executable at start is reclaimed. Done when the first elections are over (two of the longest
/// Master_Down_Intervals after start, at least 2 s, at most 30 s), and with virtual servers again after the checkers' first round (<see cref="TrimDelays"/>). The GC stops every managed thread, so it runs
/// on the real-time deadline thread just after a deadline was handled, inside the slack before the next one (about
/// 3 ms measured, logged at debug level with the resident sizes). Run from a SCHED_OTHER timer thread it could be
/// preempted while the world was stopped, which delayed 10 ms adverts by 1.1-6.5 ms in 4 of 16 runs (6-31 ms on a
/// busier host); bench/failover/startup-stall.sh measures it. The unmapping stops no thread and runs on the pool.
/// Without a vrrp_instance no deadline ever fires, so the collection runs on the timer's thread: an LVS-only
/// `vigil run` (1,000 real servers: a 6,000-line configuration) would otherwise keep its start-up garbage.
/// </summary>
public sealed partial class VrrpDaemon
{
    private void ScheduleMemoryTrim(KeepalivedConfig config)
    {
        foreach (TimeSpan delay in TrimDelays(config))
        {
            ScheduleMemoryTrim(config, delay);
        }
    }

    /// <summary>
    /// When to trim: once the first elections are over (two of the longest Master_Down_Intervals, 2-30 s); with
    /// virtual servers, again once every checker's first round is over (twice the longest warmup plus its attempts,
    /// at most 2 min), when that is later. A trim before it (1,000 TCP_CHECKs at delay_loop 1: the first at 2 s,
    /// the table complete at 2.3-3.9 s in the TCG guest) left resident every page the start of the checkers touched:
    /// their first verdicts' log lines, the table's netlink messages, the GC heap they grew.
    /// </summary>
    internal static IReadOnlyList<TimeSpan> TrimDelays(KeepalivedConfig config)
    {
        TimeSpan longest = config.Instances.Count == 0 ? TimeSpan.Zero : config.Instances.Max(i => i.AdvertInterval);
        TimeSpan first = Clamp(2 * ((3 * longest) + longest), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        TimeSpan round = config.VirtualServers.SelectMany(v => v.RealServers.Concat(v.SorryServer is { } s ? [s] : []))
            .SelectMany(r => r.Checks)
            .Select(c => c.Timing.EffectiveWarmup + ((c.Timing.Retry + 1) * c.Timing.ConnectTimeout) + (c.Timing.Retry * c.Timing.DelayBeforeRetry))
            .DefaultIfEmpty(TimeSpan.Zero).Max();
        TimeSpan lvs = Clamp(2 * round, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
        return lvs > first ? [first, lvs] : [first];
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => TimeSpan.FromTicks(Math.Clamp(value.Ticks, min.Ticks, max.Ticks));

    private void ScheduleMemoryTrim(KeepalivedConfig config, TimeSpan delay)
    {
        Timer? timer = null;
        timer = Own(new Timer(_ =>
        {
            timer?.Dispose();
            long before = Environment.WorkingSet;
            if (_scheduler is { } scheduler && config.Instances.Count > 0)
            {
                scheduler.RunAfterNextDeadline(() =>
                {
                    TimeSpan pause = Collect();
                    ThreadPool.UnsafeQueueUserWorkItem(_ => ReleasePages(before, pause), null);
                });
            }
            else
            {
                ReleasePages(before, Collect());
            }
        }));
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Once, just before the loop starts: the garbage of parsing and set-up (about 23 MB allocated at 1,000 instances)
    /// is collected while nothing is due yet, rather than by whichever collection the first allocations of the running
    /// loop trigger. At 1,000 instances that was a full blocking collection of 12-13 ms in the middle of the first
    /// takeovers (in 2 of 3 runs), holding back the VIPs of the instances after it (issue 13). Nothing waits on it
    /// here: the instances' down timers already count from their sockets, adverts read meanwhile wait in the channel.
    /// </summary>
    private static void CollectStartupGarbage() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

    /// <summary>The blocking collection; returns how long it held every thread.</summary>
    private static TimeSpan Collect()
    {
        long start = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return Stopwatch.GetElapsedTime(start);
    }

    private void ReleasePages(long before, TimeSpan pause)
    {
        StartupPages.ReleaseStartupPages();
        if (!_logger.IsEnabled(LogLevel.Debug))
        {
            return; // the resident size is read from /proc/self/status: strings that would stay in the heap just emptied
        }

        GCMemoryInfo gc = GC.GetGCMemoryInfo();
        ReadOnlySpan<GCGenerationInfo> generations = gc.GenerationInfo;
        MemoryLog.Trimmed(_logger, before / 1024, Environment.WorkingSet / 1024, pause.TotalMilliseconds, gc.HeapSizeBytes / 1024, gc.TotalCommittedBytes / 1024,
            gc.FragmentedBytes / 1024, generations[0].SizeAfterBytes / 1024, generations[1].SizeAfterBytes / 1024, generations[2].SizeAfterBytes / 1024,
            generations[3].SizeAfterBytes / 1024, generations[4].SizeAfterBytes / 1024);
    }

    private static partial class MemoryLog
    {
        [LoggerMessage(EventId = 130, Level = LogLevel.Debug, Message = "start-up memory returned: resident {BeforeKiB} KiB -> {AfterKiB} KiB (blocking GC {PauseMs:F3} ms; GC heap {HeapKiB} KiB, committed {CommittedKiB} KiB, fragmented {FragmentedKiB} KiB; after it gen0 {Gen0KiB}, gen1 {Gen1KiB}, gen2 {Gen2KiB}, large {LargeKiB}, pinned {PinnedKiB} KiB)")]
        public static partial void Trimmed(ILogger logger, long beforeKiB, long afterKiB, double pauseMs, long heapKiB, long committedKiB, long fragmentedKiB, long gen0KiB, long gen1KiB, long gen2KiB, long largeKiB, long pinnedKiB);
    }
}
