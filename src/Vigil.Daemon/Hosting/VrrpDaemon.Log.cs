using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Hosting;

public sealed partial class VrrpDaemon
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "starting {Count} vrrp_instance(s) from {File}")]
        public static partial void Starting(ILogger logger, int count, string file);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Instance}: on {Interface} (index {Index}), VRID {Vrid}, VRRPv{Version}, priority {Priority}, advert_int {IntervalSeconds}s, source {Source}")]
        public static partial void InstanceReady(ILogger logger, string instance, string @interface, int index, int vrid, int version, int priority, double intervalSeconds, string source);

        [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Instance}: removed {Address} from {Interface}, left there by an earlier run")]
        public static partial void LeftoverRemoved(ILogger logger, string instance, string address, string @interface);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "{Signal} received: stopping (masters send priority 0 and release their addresses)")]
        public static partial void StopRequested(ILogger logger, string signal);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "deadline timer fired {LatenessMs:F2} ms late (threshold {ThresholdMs:F1} ms: half the shortest advert_int)")]
        public static partial void TimerLate(ILogger logger, double latenessMs, double thresholdMs);

        [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "tracking: {Warning}")]
        public static partial void TrackingWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "vrrp_script {Script}: '{Command}' as uid {Uid} gid {Gid}, every {IntervalSeconds}s, timeout {TimeoutSeconds}s, rise {Rise}, fall {Fall}")]
        public static partial void ScriptTracked(ILogger logger, string script, string command, int uid, int gid, double intervalSeconds, double timeoutSeconds, int rise, int fall);

        [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
