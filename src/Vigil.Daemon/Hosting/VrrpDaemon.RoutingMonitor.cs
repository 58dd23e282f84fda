using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Routes and rules deleted by someone else, as keepalived 2.2.7's netlink_route_filter / netlink_rule_filter:
/// an instance's virtual_route or virtual_rule (without no_track) makes a MASTER step down and take over again
/// after Skew_Time (set_vrrp_backup, VrrpEventLoop.Addresses.cs); a static_route or static_rule is put back at once.
/// Only entries marked RTPROT_KEEPALIVED are seen, and none that Vigil's own requests removed. After the kernel
/// dropped notifications, the tables are re-read and every watched entry missing from them is handled the same way.
/// </summary>
public sealed partial class VrrpDaemon
{
    private RoutingMonitor? _routingMonitor;
    private TrackedRouting _tracked = TrackedRouting.Empty;

    /// <summary>
    /// Describes the watched routes and rules of <paramref name="config"/> (<see cref="_tracked"/>), opens the monitor and
    /// subscribes to the families something is watched in; at start, at each reload and when an interface is attached.
    /// </summary>
    private void WatchRouting(KeepalivedConfig config)
    {
        _tracked = Tracked(config);
        if (_tracked.Routes.Count == 0 && _tracked.Rules.Count == 0)
        {
            return;
        }

        if (_routingMonitor is null)
        {
            _routingMonitor = Own(RoutingMonitor.Open(_netlink.PortId));
            RtNetlink dumper = Own(RtNetlink.Open()); // used only on the reader's thread, after an overrun
            Own(new RoutingEventReader(_routingMonitor, dumper, _events.Writer, OnRoutingDeleted, OnRoutingDump, NetlinkReadFailed));
        }

        _routingMonitor.Watch(
            _tracked.Watches(routes: true, AddressFamily.InterNetwork),
            _tracked.Watches(routes: true, AddressFamily.InterNetworkV6),
            _tracked.Watches(routes: false, AddressFamily.InterNetwork),
            _tracked.Watches(routes: false, AddressFamily.InterNetworkV6));
    }

    /// <summary>
    /// On the loop thread: the deletion against the running configuration. A route whose device was down when its
    /// deletion was read went with the link (IPv6 drops a link's routes when it goes down): the loop takes the link's
    /// down first, as keepalived reading both on one socket does, so a MASTER goes to FAULT rather than stepping down
    /// for a "deleted" route, and a static route waits for the interface to come up (where it is put back) instead of
    /// failing with ENETDOWN now.
    /// </summary>
    private void OnRoutingDeleted(RoutingEvent deleted, bool deviceDown)
    {
        if (deleted.Route is { } route && _tracked.Find(route) is { } watchedRoute && watchedRoute.OnItsDevice(RtNetlink.GetInterfaceIndex))
        {
            if (deviceDown)
            {
                _loop.OnLinkSeenDown(route.OutputInterface); // VrrpEventLoop.Links.cs
            }

            if (!deviceDown || watchedRoute.Owner is not null)
            {
                Deleted(watchedRoute);
            }
        }
        else if (deleted.Rule is { } rule && _tracked.Find(rule) is { } watchedRule)
        {
            Deleted(watchedRule);
        }
    }

    /// <summary>On the loop thread, after an overrun: each watched entry missing from the re-read tables, as if its deletion had been seen.</summary>
    private void OnRoutingDump(RoutingDump dump)
    {
        if (dump.Error is { } error)
        {
            Log.RoutingReReadFailed(_logger, error);
            return;
        }

        (IReadOnlyList<TrackedRoute> routes, IReadOnlyList<TrackedRule> rules) = _tracked.Missing(dump.Routes, dump.Rules,
            owner => _running.TryGetValue(owner, out RouterBinding? binding) && binding.Router.State == RouterState.Master,
            RtNetlink.GetInterfaceIndex);
        Log.RoutingReRead(_logger, routes.Count, rules.Count);
        foreach (TrackedRoute route in routes)
        {
            Deleted(route);
        }

        foreach (TrackedRule rule in rules)
        {
            Deleted(rule);
        }
    }

    /// <summary>A static route is put back at once; an instance's makes it step down if MASTER.</summary>
    private void Deleted(TrackedRoute route)
    {
        if (route.Owner is { } owner)
        {
            _loop.OnKernelStateDeleted(owner, $"virtual route {route.Route} ({route.Location})");
        }
        else
        {
            Restore(() => _netlink.AddRoute(route.Route), $"route {route.Route}", route.Route.OutputInterface, DeletedByOthers(route.Location)); // VrrpDaemon.Routing.cs
        }
    }

    private void Deleted(TrackedRule rule)
    {
        if (rule.Owner is { } owner)
        {
            _loop.OnKernelStateDeleted(owner, $"virtual rule {rule.Rule} ({rule.Location})");
        }
        else
        {
            Restore(() => _netlink.AddRule(rule.Rule), $"rule {rule.Rule}", 0, DeletedByOthers(rule.Location));
        }
    }

    /// <summary>
    /// Every route and rule without no_track: the static ones as installed at start (<see cref="_statics"/>, <see cref="_rules"/>),
    /// each instance's virtual routes whose device exists now (dynamic_interfaces) and its virtual rules.
    /// </summary>
    private TrackedRouting Tracked(KeepalivedConfig config) => TrackedRouting.From(
        _statics.Routes.Select(r => (r.Entry, r.Route, (string?)null))
            .Concat(config.Instances.SelectMany(i => i.VirtualRoutes
                .Select(r => (Entry: r, Route: TryRoute(r), Owner: (string?)i.Name))
                .Where(r => r.Route is not null)
                .Select(r => (r.Entry, r.Route!, r.Owner)))),
        config.StaticRules.Zip(_rules.Static, (e, r) => (e, r, (string?)null))
            .Concat(config.Instances.SelectMany(i => i.VirtualRules.Zip(_rules.ByInstance.GetValueOrDefault(i.Name, []), (e, r) => (e, r, (string?)i.Name)))));

    /// <summary>The request for a route line, or null while its device does not exist (dynamic_interfaces).</summary>
    private static RouteRequest? TryRoute(RouteEntry entry)
    {
        try
        {
            return RoutingEntries.Route(entry, RtNetlink.GetInterfaceIndex);
        }
        catch (DaemonSetupException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "route/rule monitor: the kernel dropped notifications (ENOBUFS); re-read the routes and rules: {Routes} watched route(s) and {Rules} rule(s) missing, handled as deleted (a static one is put back, a MASTER's virtual one makes it step down)")]
        public static partial void RoutingReRead(ILogger logger, int routes, int rules);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "route/rule monitor: the kernel dropped notifications (ENOBUFS); re-reading the routes and rules failed ({Error}): a deletion of a watched route or rule may have been missed")]
        public static partial void RoutingReReadFailed(ILogger logger, string error);
    }
}
