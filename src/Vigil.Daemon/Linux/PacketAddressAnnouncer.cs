using System.Net;
using System.Net.Sockets;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Announcements;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Sends each router's gratuitous ARPs (IPv4 VIPs) and unsolicited NAs (IPv6 VIPs) on its
/// interface's AF_PACKET socket; a burst of N sends N per address back to back (keepalived's
/// default vrrp_garp_interval 0).
/// </summary>
public sealed class PacketAddressAnnouncer : IAddressAnnouncer
{
    private readonly Dictionary<VirtualRouter, (AnnouncementSocket Socket, IReadOnlyList<IPAddress> Addresses, bool IsRouter)> _targets = new(ReferenceEqualityComparer.Instance);

    public void Register(VirtualRouter router, AnnouncementSocket socket, IReadOnlyList<IPAddress> addresses, bool isRouter = false) =>
        _targets.Add(router, (socket, addresses, isRouter));

    public void Announce(RouterBinding binding, int count)
    {
        ArgumentNullException.ThrowIfNull(binding);
        (AnnouncementSocket socket, IReadOnlyList<IPAddress> addresses, bool isRouter) = _targets[binding.Router];
        for (int i = 0; i < count; i++)
        {
            foreach (IPAddress address in addresses)
            {
                if (address.AddressFamily == AddressFamily.InterNetwork)
                {
                    socket.SendGratuitousArp(address);
                }
                else
                {
                    socket.SendNeighborAdvertisement(address, isRouter);
                }
            }
        }
    }
}
