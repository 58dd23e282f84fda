using System.Net;
using System.Net.Sockets;

namespace Vigil.Linux.Netlink;

/// <summary>
/// One route to add with RTM_NEWROUTE or delete with RTM_DELROUTE, as keepalived 2.2.7 sends it for
/// <c>virtual_routes</c> / <c>static_routes</c>: protocol "keepalived" (18), scope universe unless given,
/// table main unless given. A null <paramref name="Destination"/> is the default route (prefix length 0).
/// </summary>
/// <param name="Type">rtm_type: 1 unicast, 6 blackhole, 7 unreachable, 8 prohibit, 9 throw.</param>
/// <param name="PreferredSource">RTA_PREFSRC, keepalived's <c>src</c>.</param>
/// <param name="OutputInterface">RTA_OIF, keepalived's <c>dev</c>; 0 for none.</param>
public sealed record RouteRequest(
    AddressFamily Family,
    IPAddress? Destination,
    int PrefixLength,
    byte Type = RouteRequest.Unicast,
    uint Table = RouteRequest.MainTable,
    AddressScope Scope = AddressScope.Global,
    IPAddress? Gateway = null,
    IPAddress? PreferredSource = null,
    int OutputInterface = 0,
    uint? Metric = null)
{
    public const byte Unicast = 1;
    public const uint MainTable = 254;

    /// <summary>RTPROT_KEEPALIVED: routes keepalived installed and Vigil's are interchangeable.</summary>
    public const byte KeepalivedProtocol = 18;

    public override string ToString() =>
        $"{(Destination is null ? "default" : $"{Destination}/{PrefixLength}")}{(Gateway is null ? "" : $" via {Gateway}")}"
        + $"{(OutputInterface == 0 ? "" : $" ifindex {OutputInterface}")} table {Table}";
}
