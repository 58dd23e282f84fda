using System.Net;
using Vigil.Core.Protocol;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Where and how one router's adverts go: the interface's shared VRRP socket, the group or the
/// unicast peers, the source address, and the payload parts the codec needs. Built once at setup,
/// so sending converts nothing per packet.
/// </summary>
public sealed record AdvertisementTarget(
    VrrpSocket Socket,
    IReadOnlyList<IPAddress> Destinations,
    IPAddress Source,
    byte[] VirtualAddresses,
    byte[] Password)
{
    /// <summary>unicast_ttl for unicast adverts (0: the socket's 255, as multicast always uses).</summary>
    public int Ttl { get; init; }

    internal NetAddress SourceAddress { get; } = NetAddress.FromIPAddress(Source);

    internal NetAddress[] DestinationAddresses { get; } = [.. Destinations.Select(NetAddress.FromIPAddress)];
}
