namespace Vigil.Linux.Netlink;

/// <summary>An interface as RTM_NEWLINK describes it.</summary>
/// <param name="IsUp">Administratively up and carrier present (IFF_UP and IFF_RUNNING), keepalived's test for a usable interface.</param>
/// <param name="HardwareAddress">IFLA_ADDRESS: the MAC for Ethernet, empty when the link has none.</param>
/// <param name="Flags">ifinfomsg's ifi_flags (IFF_*), as keepalived keeps them in its interface_t.</param>
public sealed record LinkInfo(int InterfaceIndex, string Name, bool IsUp, byte[] HardwareAddress, uint Flags = 0)
{
    /// <summary>IFF_NOARP (`ip link set IF arp off`): keepalived sends no gratuitous ARP nor unsolicited NA there.</summary>
    public bool IsNoArp => (Flags & Interop.Netlink.IFF_NOARP) != 0;

    /// <summary>IFLA_MASTER: the bridge, bond or VRF device this link is enslaved to; 0 when none.</summary>
    public int MasterIndex { get; init; }

    /// <summary>IFLA_INFO_KIND, reduced to the kinds Vigil acts on.</summary>
    public LinkKind Kind { get; init; }

    /// <summary>A VRF device (`ip link add NAME type vrf table N`), as keepalived 2.2.7 tells one: IFLA_INFO_KIND "vrf".</summary>
    public bool IsVrf => Kind == LinkKind.Vrf;
}
