using System.Net;
using Vigil.Config.Model;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Where an instance's gratuitous ARPs / unsolicited NAs go. keepalived 2.2.7 sends each VIP's on the interface the
/// address lives on (the ip_address_t's ifp: its 'dev', else the instance's interface or VMAC) with that interface's
/// MAC as sender (vrrp_arp.c send_gratuitous_arp_immediate, vrrp_ndisc.c), paced by that interface's base
/// (IF_BASE_IFP); so a VIP with 'dev OTHER' is announced on OTHER, never on the instance's interface.
/// </summary>
public sealed partial class VrrpDaemon
{
    /// <summary>One target per VIP, in configuration order; a VIP on an interface with no Ethernet address (or missing) has none.</summary>
    private List<(AnnouncementSocket Socket, IPAddress Address, string BaseInterface)> VipAnnouncements(RtNetlink netlink, IReadOnlyList<InterfaceAddress> vips)
    {
        var result = new List<(AnnouncementSocket, IPAddress, string)>();
        foreach (InterfaceAddress vip in vips)
        {
            if (AnnouncerOn(netlink, vip.InterfaceIndex) is { } target)
            {
                result.Add((target.Socket, vip.Address, target.BaseInterface));
            }
        }

        return result;
    }

    /// <summary>
    /// garp_extra_if as keepalived's vrrp_send_vmac_update: one address per interface, on the VMACs Vigil created
    /// (every interface carrying a VIP with 'all'), never the interface the instance is on (its VMAC, when it has one)
    /// unless vmac_xmit_base (then its adverts do not refresh the VMAC's MAC in the switches).
    /// </summary>
    private List<(AnnouncementSocket Socket, IPAddress Address, string BaseInterface)> ExtraAnnouncements(RtNetlink netlink, VrrpInstance instance, IReadOnlyList<InterfaceAddress> vips, int instanceInterface)
    {
        var result = new List<(AnnouncementSocket, IPAddress, string)>();
        var done = new HashSet<int>();
        foreach (InterfaceAddress vip in vips)
        {
            int index = vip.InterfaceIndex;
            bool ours = _vmacs.Values.Any(v => v.Index == index);
            if ((!ours && !instance.Garp.ExtraInterfaceAll) || (index == instanceInterface && !instance.VmacXmitBase) || !done.Add(index))
            {
                continue;
            }

            if (AnnouncerOn(netlink, index) is { } target)
            {
                result.Add((target.Socket, vip.Address, target.BaseInterface));
            }
        }

        return result;
    }

    /// <summary>
    /// The announcement socket of interface <paramref name="index"/> (opened once, shared by the instances) with the
    /// interface whose pacing budget it counts against: a VMAC of ours sends with its virtual MAC and paces with its
    /// parent, any other interface with its own MAC and budget. Null when the interface is missing (index 0) or has no
    /// Ethernet address (a tunnel, lo): nothing a switch could learn, and keepalived sends nothing there either.
    /// </summary>
    private (AnnouncementSocket Socket, string BaseInterface)? AnnouncerOn(RtNetlink netlink, int index)
    {
        if (index == 0)
        {
            return null;
        }

        VmacLink? vmac = _vmacs.Values.FirstOrDefault(v => v.Index == index);
        if (vmac is null && !_links.ContainsKey(index))
        {
            foreach (LinkInfo fresh in netlink.GetLinks()) // created since the start (dynamic_interfaces, reload)
            {
                _links[fresh.InterfaceIndex] = fresh;
            }
        }

        LinkInfo? link = _links.GetValueOrDefault(index);
        byte[]? mac = vmac?.Mac ?? link?.HardwareAddress;
        if (mac is not { Length: 6 })
        {
            return null;
        }

        if (!_announcers.TryGetValue(index, out AnnouncementSocket? socket))
        {
            socket = Own(AnnouncementSocket.Open(index, mac));
            _announcers.Add(index, socket);
        }

        return (socket, vmac?.BaseName ?? link?.Name ?? "");
    }
}
