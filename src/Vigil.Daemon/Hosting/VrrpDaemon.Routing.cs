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
    private StaticEntries _statics = new([], [], []);

    private StaticEntries PrepareStatics(KeepalivedConfig config)
    {
        int defaultIndex = RtNetlink.GetInterfaceIndex(config.Global.DefaultInterface);
        var addresses = new List<InterfaceAddress>();
        var reinstated = new List<InterfaceAddress>();
        var locations = new Dictionary<InterfaceAddress, string>();
        foreach (AddressEntry entry in config.StaticIpAddresses)
        {
            InterfaceAddress address = ToInterfaceAddress(entry, defaultIndex);
            if (address.InterfaceIndex == 0)
            {
                throw new DaemonSetupException($"{entry.Location}: static address {entry.Address}: interface '{entry.Device ?? config.Global.DefaultInterface}' does not exist on this host (write 'dev IF' or set default_interface)");
            }

            addresses.Add(address);
            if (!entry.NoTrack)
            {
                reinstated.Add(address);
                locations.TryAdd(address, entry.Location.ToString());
            }
        }

        WarnUnapplied(config);
        RouteRequest[] routes = [.. config.StaticRoutes.Select(r => RoutingEntries.Route(r, RtNetlink.GetInterfaceIndex))];
        RouteRequest[] reinstatedRoutes = [.. routes.Where((_, i) => !config.StaticRoutes[i].NoTrack && routes[i].OutputInterface != 0)];
        _statics = new StaticEntries(addresses, routes, _rules.Static) { ReinstatedAddresses = reinstated, ReinstatedRoutes = reinstatedRoutes, Locations = locations };
        return _statics;
    }

    /// <summary>
    /// An interface came up: its static addresses and routes go back on it, as keepalived 2.2.7's interface_up
    /// (vrrp_if.c, static_track_group_reinstate_config) does for every static entry without no_track; the kernel
    /// dropped the routes (and IPv6 addresses) when it went down. Ones still there are left alone (EEXIST).
    /// </summary>
    private void ReinstateStatics(int interfaceIndex)
    {
        foreach (InterfaceAddress address in _statics.ReinstatedAddresses.Where(a => a.InterfaceIndex == interfaceIndex))
        {
            Restore(() => _netlink.AddAddress(address), $"address {address.Address}/{address.PrefixLength}", interfaceIndex, CameUp);
        }

        foreach (RouteRequest route in _statics.ReinstatedRoutes.Where(r => r.OutputInterface == interfaceIndex))
        {
            Restore(() => _netlink.AddRoute(route), $"route {route}", interfaceIndex, CameUp);
        }
    }

    /// <summary>
    /// Someone deleted an address: a static one without no_track goes back at once, as keepalived 2.2.7's
    /// netlink_if_address_filter does (reinstate_static_address); while the interface is down the add fails and
    /// <see cref="ReinstateStatics"/> puts it back when it comes up.
    /// </summary>
    private void ReinstateStaticAddress(int interfaceIndex, IPAddress deleted)
    {
        foreach (InterfaceAddress address in _statics.ReinstatedAddresses.Where(a => a.InterfaceIndex == interfaceIndex && a.Address.Equals(deleted)))
        {
            Restore(() => _netlink.AddAddress(address), $"address {address.Address}/{address.PrefixLength}", interfaceIndex,
                $"it was deleted (not by vigil; {_statics.Locations.GetValueOrDefault(address)}, write no_track there to leave it deleted)");
        }
    }

    private const string CameUp = "the interface came up";

    private void Restore(Func<AddressChange> add, string what, int interfaceIndex, string why)
    {
        try
        {
            if (add() == AddressChange.Done)
            {
                Log.StaticRestored(_logger, what, interfaceIndex, why);
            }
        }
        catch (Vigil.Linux.SyscallException e)
        {
            Log.StaticFailed(_logger, $"restore {what}", e.Message);
        }
    }

    private void AddStatics(StaticEntries statics)
    {
        foreach (InterfaceAddress address in statics.Addresses)
        {
            try
            {
                _netlink.AddAddress(address);
            }
            catch (Vigil.Linux.SyscallException e)
            {
                Log.StaticFailed(_logger, $"add {address.Address}/{address.PrefixLength}", e.Message);
            }
        }

        NetlinkRoutingManager.Install(_netlink, statics.Routes, statics.Rules, "static", _logger);
    }

    /// <summary>Rules, routes, then addresses; at start (<paramref name="leftovers"/>) quietly, since usually nothing is there.</summary>
    private void RemoveStatics(StaticEntries statics, bool leftovers)
    {
        ILogger logger = leftovers ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : _logger;
        NetlinkRoutingManager.Uninstall(_netlink, statics.Routes, statics.Rules, "static", logger);
        foreach (InterfaceAddress address in statics.Addresses)
        {
            try
            {
                _netlink.DeleteAddress(address);
            }
            catch (Vigil.Linux.SyscallException e)
            {
                Log.StaticFailed(logger, $"delete {address.Address}/{address.PrefixLength}", e.Message);
            }
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

    private sealed record StaticEntries(IReadOnlyList<InterfaceAddress> Addresses, IReadOnlyList<RouteRequest> Routes, IReadOnlyList<RuleRequest> Rules)
    {
        /// <summary>The addresses and routes (with a dev) re-added when their interface comes up: those without no_track.</summary>
        public IReadOnlyList<InterfaceAddress> ReinstatedAddresses { get; init; } = [];

        public IReadOnlyList<RouteRequest> ReinstatedRoutes { get; init; } = [];

        /// <summary>The file:line of each reinstated address, for the log line when it is put back after a deletion.</summary>
        public IReadOnlyDictionary<InterfaceAddress, string> Locations { get; init; } = new Dictionary<InterfaceAddress, string>();
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
