using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Linux;

/// <summary>
/// The VRF each interface is enslaved to, kept from the link dump at start and every RTM_NEWLINK after, as keepalived
/// 2.2.7 keeps vrf_master_ifp from IFLA_MASTER (a master counts when its IFLA_INFO_KIND is "vrf"). When an interface
/// changes VRF, <c>changed</c> runs with the interface and its new VRF index (0: none), on the link reader's thread:
/// keepalived's update_vmac_vrfs then moves the VMACs it created on that interface along.
/// </summary>
public sealed class VrfMembership
{
    private readonly Lock _lock = new();
    private readonly HashSet<int> _vrfDevices = [];
    private readonly Dictionary<int, int> _vrfOf = [];
    private readonly Action<LinkInfo, int> _changed;

    public VrfMembership(IEnumerable<LinkInfo> links, Action<LinkInfo, int> changed)
    {
        ArgumentNullException.ThrowIfNull(links);
        _changed = changed;
        LinkInfo[] all = [.. links];
        lock (_lock)
        {
            // The VRF devices first: a dump may list a slave before its master.
            foreach (LinkInfo link in all.Where(l => l.IsVrf))
            {
                _vrfDevices.Add(link.InterfaceIndex);
            }

            foreach (LinkInfo link in all)
            {
                _vrfOf[link.InterfaceIndex] = VrfLocked(link);
            }
        }
    }

    /// <summary>The VRF an interface is enslaved to now, 0 when none (or unknown).</summary>
    public int VrfOf(int interfaceIndex)
    {
        lock (_lock)
        {
            return _vrfOf.GetValueOrDefault(interfaceIndex);
        }
    }

    /// <summary>A link's current state; runs the callback when its VRF changed.</summary>
    public void Update(LinkInfo link)
    {
        ArgumentNullException.ThrowIfNull(link);
        int vrf;
        lock (_lock)
        {
            if (link.IsVrf)
            {
                _vrfDevices.Add(link.InterfaceIndex);
            }

            vrf = VrfLocked(link);
            int previous = _vrfOf.GetValueOrDefault(link.InterfaceIndex);
            _vrfOf[link.InterfaceIndex] = vrf;
            if (previous == vrf)
            {
                return;
            }
        }

        _changed(link, vrf);
    }

    public void Removed(int interfaceIndex)
    {
        lock (_lock)
        {
            _vrfOf.Remove(interfaceIndex);
            _vrfDevices.Remove(interfaceIndex);
        }
    }

    private int VrfLocked(LinkInfo link) => link.MasterIndex != 0 && _vrfDevices.Contains(link.MasterIndex) ? link.MasterIndex : 0;
}
