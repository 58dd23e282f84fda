using Microsoft.Extensions.Logging;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

public sealed partial class VrrpEventLoop
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "{Instance}: {From} -> {To} ({Reason})")]
        public static partial void StateChanged(ILogger logger, string instance, RouterState from, RouterState to, TransitionReason reason);

        [LoggerMessage(EventId = 1050, Level = LogLevel.Information, Message = "vrrp_startup_delay: no instance becomes master for {Seconds} s after start")]
        public static partial void DelayingStartup(ILogger logger, double seconds);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Instance}: another router also claims priority 255; lowering ours to 254")]
        public static partial void OwnerConflict(ILogger logger, string instance);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "{Instance}: advert from {From} dropped: {Reason}")]
        public static partial void AdvertDropped(ILogger logger, string instance, NetAddress from, DropReason reason);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Instance}: carrying out {Action} failed")]
        public static partial void ActionFailed(ILogger logger, Exception exception, string instance, RouterActionKind action);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Instance}: {Tracker} {Reading}: priority {Before} -> {After}")]
        public static partial void TrackerChanged(ILogger logger, string instance, string tracker, string reading, int before, int after);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Instance}: waiting in INIT for the first result of its unweighted scripts")]
        public static partial void WaitingForScripts(ILogger logger, string instance);
    }
}
