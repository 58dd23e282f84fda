using Microsoft.Extensions.Logging;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// A router's <c>virtual_routes</c> and <c>virtual_rules</c>, installed with its addresses and removed with them,
/// in keepalived 2.2.7's order: addresses, then routes, then rules when becoming MASTER; rules, routes, then
/// addresses when leaving it. A route or rule the kernel refuses is logged and the others still go in.
/// </summary>
public sealed partial class NetlinkRoutingManager(IVirtualAddressManager addresses, RtNetlink netlink, ILogger logger) : IVirtualAddressManager
{
    private readonly Dictionary<VirtualRouter, (IReadOnlyList<RouteRequest> Routes, IReadOnlyList<RuleRequest> Rules)> _routing = new(ReferenceEqualityComparer.Instance);

    public void Register(VirtualRouter router, IReadOnlyList<RouteRequest> routes, IReadOnlyList<RuleRequest> rules) => _routing[router] = (routes, rules);

    public void Add(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        addresses.Add(binding);
        if (_routing.TryGetValue(binding.Router, out var routing))
        {
            Install(netlink, routing.Routes, routing.Rules, binding.Router.Name, logger);
        }
    }

    public void Remove(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (_routing.TryGetValue(binding.Router, out var routing))
        {
            Uninstall(netlink, routing.Routes, routing.Rules, binding.Router.Name, logger);
        }

        addresses.Remove(binding);
    }

    /// <summary>Adds routes then rules; each failure is logged, naming <paramref name="owner"/>.</summary>
    public static void Install(RtNetlink netlink, IReadOnlyList<RouteRequest> routes, IReadOnlyList<RuleRequest> rules, string owner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (RouteRequest route in routes)
        {
            Try(() => netlink.AddRoute(route), owner, "add route", route.ToString(), logger);
        }

        foreach (RuleRequest rule in rules)
        {
            Try(() => netlink.AddRule(rule), owner, "add rule", rule.ToString(), logger);
        }
    }

    /// <summary>Deletes rules then routes; ones already gone are fine.</summary>
    public static void Uninstall(RtNetlink netlink, IReadOnlyList<RouteRequest> routes, IReadOnlyList<RuleRequest> rules, string owner, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(rules);
        foreach (RuleRequest rule in rules)
        {
            Try(() => netlink.DeleteRule(rule), owner, "delete rule", rule.ToString(), logger);
        }

        foreach (RouteRequest route in routes)
        {
            Try(() => netlink.DeleteRoute(route), owner, "delete route", route.ToString(), logger);
        }
    }

    private static void Try(Func<AddressChange> change, string owner, string operation, string what, ILogger logger)
    {
        try
        {
            change();
        }
        catch (Vigil.Linux.SyscallException e)
        {
            Log.RoutingFailed(logger, owner, operation, what, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 182, Level = LogLevel.Error, Message = "{Owner}: cannot {Operation} {What}: {Error}")]
        public static partial void RoutingFailed(ILogger logger, string owner, string operation, string what, string error);
    }
}
