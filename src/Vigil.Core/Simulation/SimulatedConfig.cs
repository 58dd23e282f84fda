using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>Builds the simulated instances of one node from its keepalived configuration.</summary>
public static class SimulatedConfig
{
    /// <summary>
    /// One <see cref="SimulatedInstance"/> per vrrp_instance. An instance without
    /// mcast_src_ip/unicast_src_ip gets a stand-in primary address derived from
    /// <paramref name="nodeIndex"/> (192.0.2.N / 2001:db8::N), since the simulation has no interfaces.
    /// </summary>
    public static IReadOnlyList<SimulatedInstance> Instances(KeepalivedConfig config, int nodeIndex)
    {
        ArgumentNullException.ThrowIfNull(config);
        var groupOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (VrrpSyncGroup group in config.SyncGroups)
        {
            foreach (string member in group.Instances)
            {
                groupOf.TryAdd(member, group.Name);
            }
        }

        var result = new List<SimulatedInstance>(config.Instances.Count);
        foreach (VrrpInstance instance in config.Instances)
        {
            NetAddress primary = instance.SourceAddress is { } source
                ? NetAddress.FromIPAddress(source)
                : StandIn(instance.IsIPv6, nodeIndex);
            result.Add(new SimulatedInstance
            {
                Router = RouterOptionsMapping.FromConfig(instance, primary),
                VirtualAddresses = instance.VirtualIpAddresses.Select(a => NetAddress.FromIPAddress(a.Address)).ToArray(),
                AuthPassword = instance.Version == 2 && instance.Authentication is { Type: AuthType.Pass } auth ? auth.Password : null,
                UnicastPeers = instance.UnicastPeers.Select(p => NetAddress.FromIPAddress(p.Address)).ToArray(),
                SyncGroup = groupOf.GetValueOrDefault(instance.Name),
            });
        }

        return result;
    }

    private static NetAddress StandIn(bool ipv6, int nodeIndex) => NetAddress.FromIPAddress(ipv6
        ? IPAddress.Parse($"2001:db8::{nodeIndex + 1:x}")
        : IPAddress.Parse($"192.0.2.{(nodeIndex % 250) + 1}"));
}
