namespace Vigil.Config.Cluster;

/// <summary>
/// What makes instances on different nodes the same virtual router on the wire: the VRID, the
/// address family (IPv4 and IPv6 VRID 51 are separate routers, RFC 5798 §5.2.3) and the interface name.
/// </summary>
public readonly record struct VirtualRouterKey(int VirtualRouterId, bool IPv6, string? Interface)
{
    public override string ToString() => $"VRID {VirtualRouterId} ({(IPv6 ? "IPv6" : "IPv4")}{(Interface is null ? "" : $" on {Interface}")})";
}
