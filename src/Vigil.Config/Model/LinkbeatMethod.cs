namespace Vigil.Config.Model;

/// <summary>How <c>linkbeat_interfaces</c> polls link state (keepalived falls back MII → ETHTOOL → IOCTL).</summary>
public enum LinkbeatMethod
{
    Mii,
    Ethtool,
    Ioctl,
}
