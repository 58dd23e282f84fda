using System.Net;

namespace Vigil.Linux.Netlink;

/// <summary>An address on an interface, as added with RTM_NEWADDR or reported by a dump.</summary>
/// <param name="Label">IPv4 only, e.g. "eth0:2"; the kernel requires it to start with the interface name.</param>
/// <param name="NoDad">IPv6 IFA_F_NODAD: usable at once, no duplicate address detection (keepalived adds VIPs this way).</param>
public sealed record InterfaceAddress(
    int InterfaceIndex,
    IPAddress Address,
    int PrefixLength,
    IPAddress? Broadcast = null,
    AddressScope Scope = AddressScope.Global,
    string? Label = null,
    bool NoDad = false);
