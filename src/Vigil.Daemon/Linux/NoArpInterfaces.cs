using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// The names of the interfaces flagged IFF_NOARP now, kept from the link dump at start and every RTM_NEWLINK /
/// RTM_DELLINK after (as keepalived keeps ifi_flags from netlink), so `ip link set IF arp off` while running counts at
/// the next announcement. Written by the link reader's thread, read by the loop's.
/// </summary>
public sealed class NoArpInterfaces
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, string> _byIndex = [];

    public NoArpInterfaces(IEnumerable<LinkInfo> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        foreach (LinkInfo link in links)
        {
            Update(link);
        }
    }

    /// <summary>A link's current flags (a rename moves the entry to the new name).</summary>
    public void Update(LinkInfo link)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_lock)
        {
            if (link.IsNoArp)
            {
                _byIndex[link.InterfaceIndex] = link.Name;
            }
            else
            {
                _byIndex.Remove(link.InterfaceIndex);
            }
        }
    }

    public void Removed(int interfaceIndex)
    {
        lock (_lock)
        {
            _byIndex.Remove(interfaceIndex);
        }
    }

    public bool Contains(string interfaceName)
    {
        lock (_lock)
        {
            return _byIndex.ContainsValue(interfaceName);
        }
    }
}
