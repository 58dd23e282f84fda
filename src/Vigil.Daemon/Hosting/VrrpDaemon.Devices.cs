using Vigil.Config.Model;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// The interfaces an instance's virtual_ipaddress(_excluded) lines and virtual_routes name with 'dev', and its
/// virtual_rules with iif/oif, when they are not its own. keepalived 2.2.7 refuses one that does not exist unless
/// dynamic_interfaces is set (vrrp_if.c if_get_by_ifname: "Non-existent interface specified in configuration"); with it
/// the interface is tracked (TrackingPlan.ImpliedInterfaces), so the instance waits in FAULT until it is created, and
/// here its addresses and routes are resolved again on the new index when it is (and after each re-creation).
/// </summary>
public sealed partial class VrrpDaemon
{
    /// <summary>Each named interface of the instance's VIPs, routes and rules other than its own, with its line's no_track and place.</summary>
    private static IEnumerable<(string Device, bool NoTrack, SourceRef Location, string What)> Devices(VrrpInstance instance)
    {
        foreach (AddressEntry address in instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded))
        {
            if (address.Device is { } device && device != instance.Interface)
            {
                yield return (device, address.NoTrack, address.Location, $"virtual address {address.Address}");
            }
        }

        foreach (RouteEntry route in instance.VirtualRoutes)
        {
            if (route.Device is { } device && device != instance.Interface)
            {
                yield return (device, route.NoTrack, route.Location, $"virtual_route {route.Destination}");
            }
        }

        foreach (RuleEntry rule in instance.VirtualRules)
        {
            foreach (string? device in new[] { rule.InputInterface, rule.OutputInterface })
            {
                if (device is not null && device != instance.Interface)
                {
                    yield return (device, rule.NoTrack, rule.Location, "virtual_rule");
                }
            }
        }
    }

    /// <summary>
    /// Refuses a device that does not exist, as keepalived does, unless dynamic_interfaces tracks it. With no_track nothing
    /// would hold the instance in FAULT meanwhile (keepalived then runs without the address, logging it once): refused too.
    /// </summary>
    private static void CheckDevices(VrrpInstance instance, bool dynamic)
    {
        foreach ((string device, bool noTrack, SourceRef location, string what) in Devices(instance))
        {
            if (RtNetlink.GetInterfaceIndex(device) != 0)
            {
                continue;
            }

            if (!dynamic)
            {
                throw new DaemonSetupException($"{location}: interface '{device}' of {what} (vrrp_instance {instance.Name}) does not exist on this host (see 'ip -br link'; set dynamic_interfaces in global_defs to start the instance in FAULT until it is created)");
            }

            if (noTrack)
            {
                throw new DaemonSetupException($"{location}: interface '{device}' of {what} (vrrp_instance {instance.Name}) does not exist on this host, and with no_track nothing holds the instance in FAULT until it is created; remove no_track (the instance then waits for it, dynamic_interfaces) or create the interface before vigil starts");
            }
        }
    }

    /// <summary>The virtual_routes to install: one whose device does not exist yet (dynamic_interfaces, tracked) waits until it is created.</summary>
    private static IReadOnlyList<RouteRequest> PresentRoutes(VrrpInstance instance) =>
        [.. instance.VirtualRoutes
            .Where(r => r.Device is null || RtNetlink.GetInterfaceIndex(r.Device) != 0)
            .Select(r => RoutingEntries.Route(r, RtNetlink.GetInterfaceIndex))];

    bool IInterfaceBinder.Refresh(RouterBinding binding, string name)
    {
        VrrpInstance? instance = _config.Instances.FirstOrDefault(i => i.Name == binding.Router.Name);
        if (instance is null || binding.InterfaceIndex == 0 || !Devices(instance).Any(d => d.Device == name))
        {
            return false;
        }

        lock (_socketTablesGate)
        {
            AttachLocked(binding, binding.InterfaceIndex); // prepared again: the VIPs and routes on the interface's index now
        }

        return true;
    }
}
