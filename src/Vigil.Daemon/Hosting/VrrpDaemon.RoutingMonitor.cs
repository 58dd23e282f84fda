using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Routes and rules deleted by someone else, as keepalived 2.2.7's netlink_route_filter / netlink_rule_filter:
/// an instance's virtual_route or virtual_rule (without no_track) makes a MASTER step down and take over again
/// after Skew_Time (set_vrrp_backup, VrrpEventLoop.Addresses.cs); a static_route or static_rule is put back at once.
/// Only entries marked RTPROT_KEEPALIVED are seen, and none that Vigil's own requests removed.
/// </summary>
public sealed partial class VrrpDaemon
{
    private RoutingMonitor? _routingMonitor;

    /// <summary>Opens the monitor and subscribes to the families something is watched in (again at each reload).</summary>
    private void WatchRouting(KeepalivedConfig config)
    {
        (IReadOnlyList<(RouteRequest Route, string Owner, string Location)> routes, IReadOnlyList<(RuleRequest Rule, string Owner, string Location)> rules) = Watched(config);
        if (routes.Count == 0 && rules.Count == 0)
        {
            return;
        }

        if (_routingMonitor is null)
        {
            _routingMonitor = Own(RoutingMonitor.Open(_netlink.PortId));
            Own(new RoutingEventReader(_routingMonitor, _events.Writer, OnRoutingDeleted));
        }

        _routingMonitor.Watch(
            routes.Any(r => r.Route.Family == AddressFamily.InterNetwork),
            routes.Any(r => r.Route.Family == AddressFamily.InterNetworkV6),
            rules.Any(r => r.Rule.Family == AddressFamily.InterNetwork),
            rules.Any(r => r.Rule.Family == AddressFamily.InterNetworkV6));
    }

    /// <summary>On the loop thread: the deletion against the running configuration.</summary>
    private void OnRoutingDeleted(RoutingEvent deleted)
    {
        if (deleted.IsOverrun)
        {
            Log.RoutingOverrun(_logger);
            return;
        }

        (IReadOnlyList<(RouteRequest Route, string Owner, string Location)> routes, IReadOnlyList<(RuleRequest Rule, string Owner, string Location)> rules) = Watched(_config);
        if (deleted.Route is { } route && routes.FirstOrDefault(r => DeletedRouting.Matches(r.Route, route)) is { Route: not null } watchedRoute)
        {
            Deleted(watchedRoute.Owner, $"virtual route {watchedRoute.Route} ({watchedRoute.Location})", () => _netlink.AddRoute(watchedRoute.Route), $"route {watchedRoute.Route}", watchedRoute.Location, watchedRoute.Route.OutputInterface);
        }
        else if (deleted.Rule is { } rule && rules.FirstOrDefault(r => DeletedRouting.Matches(r.Rule, rule)) is { Rule: not null } watchedRule)
        {
            Deleted(watchedRule.Owner, $"virtual rule {watchedRule.Rule} ({watchedRule.Location})", () => _netlink.AddRule(watchedRule.Rule), $"rule {watchedRule.Rule}", watchedRule.Location, 0);
        }
    }

    /// <param name="owner">The instance, or null for a static entry.</param>
    private void Deleted(string? owner, string what, Func<AddressChange> reinstate, string staticWhat, string location, int interfaceIndex)
    {
        if (owner is not null)
        {
            _loop.OnKernelStateDeleted(owner, what);
        }
        else
        {
            Restore(reinstate, staticWhat, interfaceIndex, DeletedByOthers(location)); // VrrpDaemon.Routing.cs
        }
    }

    /// <summary>Every route and rule without no_track: (request, owning instance or null for static, file:line).</summary>
    private static (IReadOnlyList<(RouteRequest Route, string Owner, string Location)> Routes, IReadOnlyList<(RuleRequest Rule, string Owner, string Location)> Rules) Watched(KeepalivedConfig config)
    {
        var routes = new List<(RouteRequest, string, string)>();
        var rules = new List<(RuleRequest, string, string)>();
        (IReadOnlyList<RuleRequest> staticRules, IReadOnlyDictionary<string, IReadOnlyList<RuleRequest>> byInstance) = RoutingEntries.Rules(config);
        foreach ((RouteEntry entry, string? owner) in config.StaticRoutes.Select(r => (r, (string?)null))
            .Concat(config.Instances.SelectMany(i => i.VirtualRoutes.Select(r => (r, (string?)i.Name)))))
        {
            if (!entry.NoTrack && TryRoute(entry) is { } request)
            {
                routes.Add((request, owner!, entry.Location.ToString()));
            }
        }

        AddRules(rules, config.StaticRules, staticRules, null);
        foreach (VrrpInstance instance in config.Instances)
        {
            AddRules(rules, instance.VirtualRules, byInstance.GetValueOrDefault(instance.Name, []), instance.Name);
        }

        return (routes, rules);
    }

    private static void AddRules(List<(RuleRequest, string, string)> watched, IReadOnlyList<RuleEntry> entries, IReadOnlyList<RuleRequest> requests, string? owner)
    {
        for (int i = 0; i < entries.Count && i < requests.Count; i++)
        {
            if (!entries[i].NoTrack)
            {
                watched.Add((requests[i], owner!, entries[i].Location.ToString()));
            }
        }
    }

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
        [LoggerMessage(EventId = 191, Level = LogLevel.Warning, Message = "route/rule monitor: the kernel dropped notifications (ENOBUFS); a deletion of a watched route or rule may have been missed")]
        public static partial void RoutingOverrun(ILogger logger);
    }
}
