namespace Vigil.Linux.Netlink;

/// <summary>A link's IFLA_INFO_KIND, as far as Vigil needs it (the parser compares bytes, so no string per RTM_NEWLINK).</summary>
public enum LinkKind
{
    /// <summary>No IFLA_INFO_KIND (a physical NIC, lo) or a kind Vigil does not act on (macvlan, veth, bridge…).</summary>
    Other,

    /// <summary>"vrf".</summary>
    Vrf,
}
