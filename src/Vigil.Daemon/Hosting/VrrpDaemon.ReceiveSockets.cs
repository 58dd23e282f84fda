using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Linux.Netlink;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// The VRRP receive sockets, one per interface and family, shared by its instances. At start they are all opened and
/// joined before any instance is prepared: an instance's first Master_Down timer counts from the moment its socket
/// holds its adverts (issue 13; keepalived starts each instance's timer as it initialises it), and whatever arrives
/// before the loop runs waits in the socket's buffer.
/// </summary>
public sealed partial class VrrpDaemon
{
    /// <summary>
    /// Opens (and joins) the receive socket of every instance whose interface exists, before the per-instance set-up;
    /// Prepare finds them open. An instance whose interface is missing is left to Prepare (its error, or FAULT with
    /// dynamic_interfaces).
    /// </summary>
    private void OpenReceiveSockets(KeepalivedConfig config)
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (VrrpInstance instance in config.Instances)
        {
            if (instance.Interface is not string name)
            {
                continue;
            }

            if (!indexes.TryGetValue(name, out int index))
            {
                index = RtNetlink.GetInterfaceIndex(name);
                indexes.Add(name, index);
            }

            if (index != 0 && _links.ContainsKey(index))
            {
                AddressFamily family = instance.IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                SocketFor(_sockets, index, name, family, instance.IsUnicast ? null : MulticastGroup(instance, config));
            }
        }
    }

    /// <summary>
    /// The interface's VRRP socket for <paramref name="family"/>, opened and joined to <paramref name="group"/> if not yet,
    /// and the clock's timestamp since which it holds the adverts this instance listens for (opened, or the group joined).
    /// </summary>
    private (VrrpSocket Socket, long ListeningSince) SocketFor(Dictionary<(int, AddressFamily), ReceiveSocket> sockets, int index, string interfaceName, AddressFamily family, IPAddress? group)
    {
        if (!sockets.TryGetValue((index, family), out ReceiveSocket? entry))
        {
            entry = new ReceiveSocket(Own(VrrpSocket.Open(new VrrpSocketOptions { Family = family, InterfaceName = interfaceName })), _clock.GetTimestamp());
            sockets.Add((index, family), entry);
        }

        if (group is null)
        {
            return (entry.Socket, entry.OpenedAt);
        }

        // One membership per group and interface: the kernel refuses a second join (EADDRINUSE).
        if (!entry.JoinedAt.TryGetValue(group, out long joined))
        {
            entry.Socket.JoinGroup(group);
            joined = _clock.GetTimestamp();
            entry.JoinedAt.Add(group, joined);
        }

        return (entry.Socket, joined);
    }

    /// <summary>One interface's VRRP socket for one family: when it opened and when it joined each multicast group.</summary>
    private sealed record ReceiveSocket(VrrpSocket Socket, long OpenedAt)
    {
        public Dictionary<IPAddress, long> JoinedAt { get; } = [];
    }
}
