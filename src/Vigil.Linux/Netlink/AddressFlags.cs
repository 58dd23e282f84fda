namespace Vigil.Linux.Netlink;

/// <summary>
/// The IFA_F_* flags an address line may ask for (&lt;linux/if_addr.h&gt;), sent in IFA_FLAGS as keepalived 2.2.7's
/// netlink_ipaddress does; IFA_F_NODAD is <see cref="InterfaceAddress.NoDad"/>.
/// </summary>
[Flags]
public enum AddressFlags : uint
{
    None = 0,

    /// <summary>IFA_F_HOMEADDRESS (`home`): a Mobile IPv6 home address; the kernel keeps it for IPv4 too.</summary>
    HomeAddress = 0x10,

    /// <summary>IFA_F_MANAGETEMPADDR (`mngtmpaddr`): IPv6 privacy addresses derived from this /64 (the kernel refuses another prefix).</summary>
    ManageTemporaryAddress = 0x100,

    /// <summary>IFA_F_NOPREFIXROUTE (`noprefixroute`): no route for the address's prefix.</summary>
    NoPrefixRoute = 0x200,

    /// <summary>IFA_F_MCAUTOJOIN (`autojoin`): join the multicast group the address is (the kernel refuses a unicast one).</summary>
    MulticastAutoJoin = 0x400,
}
