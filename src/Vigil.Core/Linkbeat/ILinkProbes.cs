namespace Vigil.Core.Linkbeat;

/// <summary>The three ways keepalived 2.2.7 reads a link's state by polling (vrrp_if.c), by interface name.</summary>
public interface ILinkProbes
{
    /// <summary>MII BMSR link status (SIOCGMIIPHY, SIOCGMIIREG): 1 up, 0 down, -1 the driver has no MII registers.</summary>
    int Mii(string name);

    /// <summary>ETHTOOL_GLINK (SIOCETHTOOL): 1 up, 0 down, -1 the driver does not answer it.</summary>
    int Ethtool(string name);

    /// <summary>SIOCGIFFLAGS: IFF_UP and IFF_RUNNING both set; an error other than ENODEV counts as up, as keepalived's.</summary>
    bool Flags(string name);
}
