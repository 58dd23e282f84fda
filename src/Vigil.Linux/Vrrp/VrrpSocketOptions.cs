using System.Net;
using System.Net.Sockets;

namespace Vigil.Linux.Vrrp;

/// <summary>How to open one VRRP socket: one per interface and address family, shared by that interface's instances.</summary>
public sealed record VrrpSocketOptions
{
    public required AddressFamily Family { get; init; }

    /// <summary>The interface to bind to (SO_BINDTODEVICE) and to send multicast out of.</summary>
    public required string InterfaceName { get; init; }

    /// <summary>Multicast groups to join on the interface: 224.0.0.18 / ff02::12 unless vrrp_mcast_group4/6 or mcast_dst_ip say otherwise; empty for unicast only.</summary>
    public IReadOnlyList<IPAddress> MulticastGroups { get; init; } = [];

    /// <summary>
    /// IPv6: let the kernel compute and verify the VRRP checksum at offset 6 (IPV6_CHECKSUM), as
    /// keepalived does, so the sender need not know which source address the kernel picks.
    /// </summary>
    public bool KernelChecksumIPv6 { get; init; } = true;

    /// <summary>Kernel receive buffer; a burst of adverts at 10 ms intervals from many VRIDs must not overflow it.</summary>
    public int ReceiveBufferBytes { get; init; } = 1024 * 1024;

    public static IPAddress DefaultGroupIPv4 { get; } = IPAddress.Parse("224.0.0.18");

    public static IPAddress DefaultGroupIPv6 { get; } = IPAddress.Parse("ff02::12");
}
