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

        [LoggerMessage(EventId = 1051, Level = LogLevel.Information, Message = "interface {Index} {State}: held for {DelayMs:F0} ms (interface_up_down_delays)")]
        public static partial void LinkChangeDelayed(ILogger logger, int index, string state, double delayMs);

        [LoggerMessage(EventId = 1052, Level = LogLevel.Information, Message = "interface {Index} {State} again within its interface_up_down_delays: the held change is dropped")]
        public static partial void LinkChangeCancelled(ILogger logger, int index, string state);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Instance}: another router also claims priority 255; lowering ours to 254")]
        public static partial void OwnerConflict(ILogger logger, string instance);

        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "{Instance}: advert from {From} dropped: {Reason} ({Hint}); {Suppressed} more like it not logged in the last {Window} s")]
        public static partial void AdvertDropped(ILogger logger, string instance, NetAddress from, DropReason reason, string hint, long suppressed, double window);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Instance}: carrying out {Action} failed; {Suppressed} more like it not logged in the last {Window} s")]
        public static partial void ActionFailed(ILogger logger, Exception exception, string instance, RouterActionKind action, long suppressed, double window);

        [LoggerMessage(EventId = 2015, Level = LogLevel.Information, Message = "{Instance}: priority 0 advert not sent on {Interface}: its source address is already gone (errno {Errno})")]
        public static partial void GoodbyeUnsent(ILogger logger, string instance, string @interface, int errno);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "{Instance}: {Action} on {Interface} failed: {Error}; {Suppressed} more like it not logged in the last {Window} s")]
        public static partial void SyscallFailed(ILogger logger, string instance, RouterActionKind action, string @interface, string error, long suppressed, double window);

        [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "{Instance}: adverts from {From} list other virtual addresses than ours (accepted, as keepalived does); make virtual_ipaddress the same on every node; {Suppressed} more not logged in the last {Window} s")]
        public static partial void AddressListDiffers(ILogger logger, string instance, NetAddress from, long suppressed, double window);

        [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "{Instance}: {From} advertises every {Theirs} ms, ours is {Ours} ms; as backup this router times out on the master's interval (VRRPv3), make advert_int the same on every node; {Suppressed} more not logged in the last {Window} s")]
        public static partial void AdvertIntervalAdopted(ILogger logger, string instance, NetAddress from, int theirs, double ours, long suppressed, double window);

        [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "{Instance}: {From} advertises priority 255 (address owner){NotPeer} and takes over from this master; {Suppressed} more not logged in the last {Window} s")]
        public static partial void OwnerTakeover(ILogger logger, string instance, NetAddress from, string notPeer, long suppressed, double window);

        [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Unknown VRID({Vrid}) received on interface({Interface}) from {From}. ignoring... (log_unknown_vrids; {Suppressed} more from this VRID not logged in the last {Window} s)")]
        public static partial void UnknownVrid(ILogger logger, int vrid, string @interface, NetAddress from, long suppressed, double window);

        [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "{Instance}: {What} was deleted while MASTER (not by vigil): stepping down to BACKUP to take over again after the skew time, which puts it back (as keepalived; write no_track on it to leave it deleted)")]
        public static partial void KernelStateDeleted(ILogger logger, string instance, string what);

        [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "{Instance}: {Interface} has no {Family} address left to send adverts from: FAULT until one is added (or set mcast_src_ip/unicast_src_ip)")]
        public static partial void NoSourceAddress(ILogger logger, string instance, string family, string @interface);

        [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "{Instance}: source address {Old} is gone from {Interface}: adverts now go from {New}")]
        public static partial void SourceAddressChanged(ILogger logger, string instance, string old, string @new, string @interface);

        [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "{Instance}: source address {Source} is not on {Interface}: FAULT until it is added again (track_src_ip)")]
        public static partial void TrackedSourceMissing(ILogger logger, string instance, string source, string @interface);

        [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "{Instance}: source address {Source} is on {Interface} again (track_src_ip)")]
        public static partial void TrackedSourceBack(ILogger logger, string instance, string source, string @interface);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "{Instance}: {Tracker} {Reading}: priority {Before} -> {After}")]
        public static partial void TrackerChanged(ILogger logger, string instance, string tracker, string reading, int before, int after);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "{Instance}: waiting in INIT for the first result of its unweighted scripts")]
        public static partial void WaitingForScripts(ILogger logger, string instance);
    }
}
