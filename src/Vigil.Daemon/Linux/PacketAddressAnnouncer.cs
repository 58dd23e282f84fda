using System.Net;
using System.Net.Sockets;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Linux.Announcements;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Sends each router's gratuitous ARPs (IPv4 VIPs) and unsolicited NAs (IPv6 VIPs) on its
/// interface's AF_PACKET socket; a burst of N sends N per address. With keepalived's default
/// vrrp_garp_interval and vrrp_gna_interval of 0 they go back to back from the loop's thread;
/// otherwise a <see cref="SpacedAnnouncementSender"/> paces them per interface.
/// </summary>
public sealed class PacketAddressAnnouncer(TimeSpan garpInterval = default, TimeSpan gnaInterval = default) : IAddressAnnouncer, IDisposable
{
    private readonly Dictionary<VirtualRouter, (AnnouncementSocket Socket, IReadOnlyList<IPAddress> Addresses, bool IsRouter)> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly SpacedAnnouncementSender? _spaced = garpInterval > TimeSpan.Zero || gnaInterval > TimeSpan.Zero
        ? new SpacedAnnouncementSender(garpInterval, gnaInterval)
        : null;

    private readonly Dictionary<VirtualRouter, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)>> _extra = new(ReferenceEqualityComparer.Instance);

    public void Register(VirtualRouter router, AnnouncementSocket socket, IReadOnlyList<IPAddress> addresses, bool isRouter = false) =>
        _targets[router] = (socket, addresses, isRouter); // an in-place reload re-registers the kept router with its new VIPs

    /// <summary>garp_extra_if: the (interface socket, first address on it) pairs announced periodically; empty: none.</summary>
    public void RegisterExtraInterfaces(VirtualRouter router, IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address)> targets) =>
        _extra[router] = targets;

    public void AnnounceExtraInterfaces(RouterBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        bool isRouter = _targets.TryGetValue(binding.Router, out var main) && main.IsRouter;
        foreach ((AnnouncementSocket socket, IPAddress address) in _extra.GetValueOrDefault(binding.Router, []))
        {
            Send(socket, address, isRouter);
        }
    }

    public void Announce(RouterBinding binding, int count)
    {
        ArgumentNullException.ThrowIfNull(binding);
        (AnnouncementSocket socket, IReadOnlyList<IPAddress> addresses, bool isRouter) = _targets[binding.Router];
        for (int i = 0; i < count; i++)
        {
            foreach (IPAddress address in addresses)
            {
                Send(socket, address, isRouter);
            }
        }
    }

    private void Send(AnnouncementSocket socket, IPAddress address, bool isRouter)
    {
        if (_spaced is not null)
        {
            _spaced.Enqueue(socket, address, isRouter);
        }
        else if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            socket.SendGratuitousArp(address);
        }
        else
        {
            socket.SendNeighborAdvertisement(address, isRouter);
        }
    }

    public void Dispose() => _spaced?.Dispose();
}
