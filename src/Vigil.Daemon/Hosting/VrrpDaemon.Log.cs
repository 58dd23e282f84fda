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

        [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "reload requested ({Why}): reading the configuration again")]
        public static partial void ReloadRequested(ILogger logger, string why);

        [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "reload: {Error}")]
        public static partial void ReloadError(ILogger logger, string error);

        [LoggerMessage(EventId = 122, Level = LogLevel.Error, Message = "reload refused: {Count} error(s) above; the running configuration stays unchanged")]
        public static partial void ReloadRefused(ILogger logger, int count);

        [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "reload: {Warning}")]
        public static partial void ReloadWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 124, Level = LogLevel.Information, Message = "{Instance}: {What}")]
        public static partial void InstanceReloaded(ILogger logger, string instance, string what);

        [LoggerMessage(EventId = 125, Level = LogLevel.Information, Message = "reload applied: {Kept} instance(s) kept as they were, {Updated} updated in place, {Removed} stopped, {Added} started")]
        public static partial void ReloadApplied(ILogger logger, int kept, int updated, int removed, int added);

        [LoggerMessage(EventId = 126, Level = LogLevel.Error, Message = "reload failed; the running configuration stays unchanged")]
        public static partial void ReloadFailed(ILogger logger, Exception exception);
    }
}
