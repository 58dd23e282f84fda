using System.Net;

namespace Vigil.Linux.Netlink;

/// <summary>An address on an interface, as added with RTM_NEWADDR or reported by a dump.</summary>
/// <param name="Label">IPv4 only, e.g. "eth0:2"; the kernel requires it to start with the interface name.</param>
/// <param name="NoDad">IPv6 IFA_F_NODAD: usable at once, no duplicate address detection (keepalived adds VIPs this way).</param>
/// <param name="Peer">The other end of a point-to-point address (IFA_ADDRESS, with the address itself as IFA_LOCAL).</param>
/// <param name="Flags">IFA_F_* flags besides NODAD.</param>
/// <param name="PreferredLifetime">Seconds, sent in IFA_CACHEINFO with an infinite valid lifetime; null sends none (forever).</param>
public sealed record InterfaceAddress(
    int InterfaceIndex,
    IPAddress Address,
    int PrefixLength,
    IPAddress? Broadcast = null,
    AddressScope Scope = AddressScope.Global,
    string? Label = null,
    bool NoDad = false,
    IPAddress? Peer = null,
    AddressFlags Flags = AddressFlags.None,
    uint? PreferredLifetime = null);
