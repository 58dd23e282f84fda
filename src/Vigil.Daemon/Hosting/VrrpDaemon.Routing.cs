using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// static_ipaddress / static_routes / static_rules (installed at start after clearing leftovers of an earlier
/// run, removed at stop, as keepalived 2.2.7 does) and the instances' virtual_routes / virtual_rules.
/// </summary>
public sealed partial class VrrpDaemon
{
    private NetlinkRoutingManager _routing = null!;
    private (IReadOnlyList<RuleRequest> Static, IReadOnlyDictionary<string, IReadOnlyList<RuleRequest>> ByInstance) _rules;
    private StaticEntries _statics = StaticEntries.Empty; // Linux/StaticEntries.cs

    private StaticEntries PrepareStatics(KeepalivedConfig config)
    {
        int defaultIndex = RtNetlink.GetInterfaceIndex(config.Global.DefaultInterface);
        var addresses = new List<(AddressEntry, InterfaceAddress)>();
        foreach (AddressEntry entry in config.StaticIpAddresses)
        {
            InterfaceAddress address = ToInterfaceAddress(entry, defaultIndex);
            if (address.InterfaceIndex == 0)
            {
                throw new DaemonSetupException($"{entry.Location}: static address {entry.Address}: interface '{entry.Device ?? config.Global.DefaultInterface}' does not exist on this host (write 'dev IF' or set default_interface)");
            }

            addresses.Add((entry, address));
        }

        WarnUnapplied(config);
        _statics = new StaticEntries(addresses, [.. config.StaticRoutes.Select(r => (r, RoutingEntries.Route(r, RtNetlink.GetInterfaceIndex)))], _rules.Static, config.Global.DefaultInterface);
        return _statics;
    }

    /// <summary>
    /// An interface came up: its static addresses and routes go back on it, as keepalived 2.2.7's interface_up
    /// (vrrp_if.c, static_track_group_reinstate_config) does for every static entry without no_track; the kernel
    /// dropped the routes (and IPv6 addresses) when it went down. Ones still there are left alone (EEXIST). An interface
    /// deleted and created again under the same name comes up with another index: its entries move there first, as
    /// keepalived's follow the name, and are then watched there and removed from there at stop.
    /// </summary>
    private void ReinstateStatics(int interfaceIndex)
    {
        StaticEntries moved = _statics.MovedTo(interfaceIndex, RtNetlink.GetInterfaceIndex);
        if (!ReferenceEquals(moved, _statics))
        {
            _statics = moved;
            WatchRouting(_config); // the static routes' deletions are matched on the new index (VrrpDaemon.RoutingMonitor.cs)
        }

        foreach ((AddressEntry _, InterfaceAddress address) in _statics.Reinstated.Where(a => a.Address.InterfaceIndex == interfaceIndex))
        {
            Restore(() => _netlink.AddAddress(address), $"address {address.Address}/{address.PrefixLength}", interfaceIndex, CameUp);
        }

        foreach (TrackedRoute tracked in _tracked.StaticRoutesOn(interfaceIndex)) // VrrpDaemon.RoutingMonitor.cs
        {
            Restore(() => _netlink.AddRoute(tracked.Route), $"route {tracked.Route}", interfaceIndex, CameUp);
        }
    }

    /// <summary>
    /// Someone deleted an address: a static one without no_track goes back at once, as keepalived 2.2.7's
    /// netlink_if_address_filter does (reinstate_static_address); while the interface is down the add fails and
    /// <see cref="ReinstateStatics"/> puts it back when it comes up.
    /// </summary>
    private void ReinstateStaticAddress(int interfaceIndex, IPAddress deleted)
    {
        foreach ((AddressEntry entry, InterfaceAddress address) in _statics.Reinstated.Where(a => a.Address.InterfaceIndex == interfaceIndex && a.Address.Address.Equals(deleted)))
        {
            Restore(() => _netlink.AddAddress(address), $"address {address.Address}/{address.PrefixLength}", interfaceIndex, DeletedByOthers(entry.Location.ToString()));
        }
    }

    private const string CameUp = "the interface came up";

    private static string DeletedByOthers(string location) => $"it was deleted (not by vigil; {location}, write no_track there to leave it deleted)";

    private void Restore(Func<AddressChange> add, string what, int interfaceIndex, string why)
    {
        if (TryStatic(add, $"restore {what}", _logger) == AddressChange.Done)
        {
            Log.StaticRestored(_logger, what, interfaceIndex, why);
        }
    }

    /// <summary>One static change; a refusal is logged (naming <paramref name="operation"/>) and the others still go ahead.</summary>
    private static AddressChange? TryStatic(Func<AddressChange> change, string operation, ILogger logger)
    {
        try
        {
            return change();
        }
        catch (Vigil.Linux.SyscallException e)
        {
            Log.StaticFailed(logger, operation, e.Message);
            return null;
        }
    }

    private void AddStatics(StaticEntries statics)
    {
        foreach ((AddressEntry _, InterfaceAddress address) in statics.Addresses)
        {
            TryStatic(() => _netlink.AddAddress(address), $"add {address.Address}/{address.PrefixLength}", _logger);
        }

        NetlinkRoutingManager.Install(_netlink, statics.RouteRequests, statics.Rules, "static", _logger);
    }

    /// <summary>Rules, routes, then addresses; at start (<paramref name="leftovers"/>) quietly, since usually nothing is there.</summary>
    private void RemoveStatics(StaticEntries statics, bool leftovers)
    {
        ILogger logger = leftovers ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : _logger;
        NetlinkRoutingManager.Uninstall(_netlink, statics.RouteRequests, statics.Rules, "static", logger);
        foreach ((AddressEntry _, InterfaceAddress address) in statics.Addresses)
        {
            TryStatic(() => _netlink.DeleteAddress(address), $"delete {address.Address}/{address.PrefixLength}", logger);
        }
    }

    /// <summary>ip route / ip rule options Vigil does not send are named at start, never silently dropped.</summary>
    private void WarnUnapplied(KeepalivedConfig config)
    {
        IEnumerable<(SourceRef Location, string? Words)> routes = config.StaticRoutes.Concat(config.Instances.SelectMany(i => i.VirtualRoutes))
            .Select(r => (r.Location, RoutingEntries.Unapplied(r)));
        IEnumerable<(SourceRef Location, string? Words)> rules = config.StaticRules.Concat(config.Instances.SelectMany(i => i.VirtualRules))
            .Select(r => (r.Location, RoutingEntries.Unapplied(r)));
        foreach ((SourceRef location, string? words) in routes.Concat(rules))
        {
            if (words is not null)
            {
                Log.RoutingOptionsIgnored(_logger, location.ToString(), words);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 180, Level = LogLevel.Error, Message = "static: cannot {Operation}: {Error}")]
        public static partial void StaticFailed(ILogger logger, string operation, string error);

        [LoggerMessage(EventId = 189, Level = LogLevel.Information, Message = "static: restored {What} on interface index {Index}: {Why}")]
        public static partial void StaticRestored(ILogger logger, string what, int index, string why);

        [LoggerMessage(EventId = 181, Level = LogLevel.Warning, Message = "{Location}: '{Words}' not applied (Vigil installs the route/rule without these options)")]
        public static partial void RoutingOptionsIgnored(ILogger logger, string location, string words);
    }
}
