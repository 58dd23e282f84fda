using Vigil.Config.Model;

namespace Vigil.Core.Linkbeat;

/// <summary>
/// One <c>linkbeat_interfaces</c> entry's state, as keepalived 2.2.7's init_linkbeat_status and
/// if_linkbeat_refresh_thread: the first poll of an existing interface picks the method, the configured one if the
/// driver answers it, else MII → ETHTOOL (or ETHTOOL → MII when ETHTOOL was written), else IOCTL; each poll reads
/// that method and, when it says up, checks IFF_UP and IFF_RUNNING too (some drivers' carrier lags). A missing
/// interface is down and its method is picked again when it comes back. Pure: the probes are given.
/// </summary>
public sealed class LinkbeatPoll(string name, LinkbeatMethod configured)
{
    public string Name { get; } = name;

    public LinkbeatMethod Configured { get; } = configured;

    /// <summary>The method polled; null until the interface has been seen.</summary>
    public LinkbeatMethod? InUse { get; private set; }

    /// <summary>Whether the link is up now (false when <paramref name="exists"/> is false).</summary>
    public bool Poll(ILinkProbes probes, bool exists)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (!exists)
        {
            InUse = null;
            return false;
        }

        int status;
        if (InUse is null)
        {
            (InUse, status) = Pick(probes);
        }
        else
        {
            // keepalived keeps a method once picked; a later failure (-1) reads as up, left to the flags to say.
            status = InUse switch
            {
                LinkbeatMethod.Mii => probes.Mii(Name),
                LinkbeatMethod.Ethtool => probes.Ethtool(Name),
                _ => 1,
            };
        }

        return status != 0 && probes.Flags(Name);
    }

    private (LinkbeatMethod Method, int Status) Pick(ILinkProbes probes)
    {
        int status;
        if (Configured == LinkbeatMethod.Mii && (status = probes.Mii(Name)) >= 0)
        {
            return (LinkbeatMethod.Mii, status);
        }

        if (Configured != LinkbeatMethod.Ioctl)
        {
            if ((status = probes.Ethtool(Name)) >= 0)
            {
                return (LinkbeatMethod.Ethtool, status);
            }

            if (Configured == LinkbeatMethod.Ethtool && (status = probes.Mii(Name)) >= 0)
            {
                return (LinkbeatMethod.Mii, status);
            }
        }

        return (LinkbeatMethod.Ioctl, 1);
    }
}
