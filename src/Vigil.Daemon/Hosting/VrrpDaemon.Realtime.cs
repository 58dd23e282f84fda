using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Linux.Timing;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Realtime scheduling for the threads that deliver deadlines and adverts (and, since the event channel runs its
/// reader's continuation on the writing thread, for the protocol handling itself). keepalived stays SCHED_OTHER unless
/// vrrp_rt_priority is set; Vigil asks for SCHED_RR by default (priority 10, or vrrp_rt_priority), because a
/// stalled timer is a false failover (reliability rule 14): at 10 ms deadlines on 2 busy cores p99 lateness was
/// 14.4 ms under SCHED_OTHER and 0.19 ms under SCHED_RR. Without CAP_SYS_NICE (or with no RT budget in the
/// cgroup) the kernel refuses; that is logged once and the daemon runs on under SCHED_OTHER.
/// </summary>
public sealed partial class VrrpDaemon
{
    /// <summary>The SCHED_RR priority the VRRP threads should take, or null when the host refuses realtime scheduling.</summary>
    private int? RealtimePriority(GlobalDefs global)
    {
        int priority = global.RealtimePriority ?? GlobalDefs.DefaultRealtimePriority;
        int errno = RealtimeScheduling.Probe(priority);
        if (errno == 0)
        {
            Log.RealtimeEnabled(_logger, priority);
            return priority;
        }

        Log.RealtimeRefused(_logger, priority, errno);
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 127, Level = LogLevel.Information, Message = "deadline and receive threads run under SCHED_RR priority {Priority}")]
        public static partial void RealtimeEnabled(ILogger logger, int priority);

        [LoggerMessage(EventId = 128, Level = LogLevel.Warning, Message = "SCHED_RR priority {Priority} refused (errno {Errno}; needs CAP_SYS_NICE and an RT budget): running under SCHED_OTHER, so a busy host may delay adverts and deadlines")]
        public static partial void RealtimeRefused(ILogger logger, int priority, int errno);
    }
}
