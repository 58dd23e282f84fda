namespace Vigil.Linux.Netlink;

/// <summary>An interface as RTM_NEWLINK describes it.</summary>
/// <param name="IsUp">Administratively up and carrier present (IFF_UP and IFF_RUNNING), keepalived's test for a usable interface.</param>
/// <param name="HardwareAddress">IFLA_ADDRESS: the MAC for Ethernet, empty when the link has none.</param>
public sealed record LinkInfo(int InterfaceIndex, string Name, bool IsUp, byte[] HardwareAddress);
