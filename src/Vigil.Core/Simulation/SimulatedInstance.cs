using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>One vrrp_instance of a simulated node: the router settings plus what goes on the wire.</summary>
public sealed record SimulatedInstance
{
    public required VirtualRouterOptions Router { get; init; }

    /// <summary>The virtual addresses carried in adverts (one family, the family of <see cref="VirtualRouterOptions.PrimaryAddress"/>).</summary>
    public IReadOnlyList<NetAddress> VirtualAddresses { get; init; } = [];

    /// <summary>v2 PASS password (first 8 bytes count); null: no authentication.</summary>
    public string? AuthPassword { get; init; }

    /// <summary>unicast_peer addresses; empty: multicast to the VRRP group.</summary>
    public IReadOnlyList<NetAddress> UnicastPeers { get; init; } = [];

    /// <summary>The vrrp_sync_group this instance belongs to, if any.</summary>
    public string? SyncGroup { get; init; }

    public string Name => Router.Name;
}
