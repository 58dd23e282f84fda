namespace Vigil.Linux.Netlink;

/// <summary>An interface as RTM_NEWLINK describes it.</summary>
/// <param name="IsUp">Administratively up and carrier present (IFF_UP and IFF_RUNNING), keepalived's test for a usable interface.</param>
/// <param name="HardwareAddress">IFLA_ADDRESS: the MAC for Ethernet, empty when the link has none.</param>
/// <param name="Flags">ifinfomsg's ifi_flags (IFF_*), as keepalived keeps them in its interface_t.</param>
public sealed record LinkInfo(int InterfaceIndex, string Name, bool IsUp, byte[] HardwareAddress, uint Flags = 0)
{
    /// <summary>IFF_NOARP (`ip link set IF arp off`): keepalived sends no gratuitous ARP nor unsolicited NA there.</summary>
    public bool IsNoArp => (Flags & Interop.Netlink.IFF_NOARP) != 0;
}
