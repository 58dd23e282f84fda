using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// One line of <c>virtual_ipaddress</c>, <c>virtual_ipaddress_excluded</c> or <c>static_ipaddress</c>:
/// <c>IP[/MASK] [brd IP|-|+] [dev IF] [scope S] [label L] [peer IP] [home] [-nodad] [mngtmpaddr]
/// [noprefixroute] [autojoin] [no_track] [preferred_lft N|forever] [use_vmac] [track_group G]</c>
/// (keepalived.conf(5), "virtual_ipaddress"; the options mirror <c>ip addr add</c>).
/// </summary>
public sealed record AddressEntry(
    IPAddress Address,
    int PrefixLength,
    SourceRef Location)
{
    /// <summary><c>brd</c>: an address, "+" (derive: host bits set) or "-" (derive: host bits clear).</summary>
    public string? Broadcast { get; init; }

    /// <summary><c>dev</c>; null means the instance's interface (or <c>default_interface</c> for static addresses).</summary>
    public string? Device { get; init; }

    /// <summary><c>scope</c>: global (the kernel default), site, link, host, nowhere, or a number.</summary>
    public string? Scope { get; init; }

    public string? Label { get; init; }

    /// <summary><c>peer</c>: the other end (IFA_ADDRESS); the address then has a host prefix, as keepalived forces.</summary>
    public IPAddress? Peer { get; init; }

    public bool Home { get; init; }

    /// <summary>
    /// <c>-nodad</c>, read as keepalived 2.2.7 reads it: "minus nodad", so the IPv6 address goes through duplicate
    /// address detection. Without it every IPv6 address is added with IFA_F_NODAD.
    /// </summary>
    public bool NoDad { get; init; }

    public bool ManageTemporaryAddress { get; init; }

    public bool NoPrefixRoute { get; init; }

    public bool AutoJoin { get; init; }

    /// <summary><c>no_track</c>: the instance does not track this address's interface (keepalived TRACK_ADDR): its going down or away does not put the instance in FAULT.</summary>
    public bool NoTrack { get; init; }

    /// <summary><c>preferred_lft</c>: seconds or "forever"; IPv6 only (keepalived ignores it for IPv4). Unset, an IPv6 /128 gets 0 (deprecated: never a source address), others forever.</summary>
    public string? PreferredLifetime { get; init; }

    public bool UseVmac { get; init; }

    /// <summary><c>track_group</c> (static addresses only).</summary>
    public string? TrackGroup { get; init; }

    public bool IsIPv6 => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;

    public bool IsLinkLocal => IsIPv6 ? Address.IsIPv6LinkLocal : Address.GetAddressBytes() is [169, 254, ..];
}
