using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Linux;
using Vigil.Linux.Announcements;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Sends gratuitous ARPs and unsolicited NAs spaced out per interface: at most one ARP per
/// <c>vrrp_garp_interval</c> and one NA per <c>vrrp_gna_interval</c> on each interface, as keepalived paces its
/// bursts (keepalived.conf(5) global_defs; some switches drop or rate-limit back-to-back gratuitous ARPs).
/// The event loop only enqueues, so the state machine never waits for the spacing. One thread sends in
/// arrival order (a burst on one interface may hold back another interface's by its spacing) and is the
/// only user of the announcement sockets, whose frame buffers are not shared between threads.
/// </summary>
public sealed class SpacedAnnouncementSender : IDisposable
{
    private readonly BlockingCollection<(AnnouncementSocket Socket, IPAddress Address, bool IsRouter)> _queue = new();
    private readonly Dictionary<(int Interface, AddressFamily Family), long> _nextAllowed = [];
    private readonly TimeSpan _garpInterval;
    private readonly TimeSpan _gnaInterval;
    private readonly Thread _thread;

    public SpacedAnnouncementSender(TimeSpan garpInterval, TimeSpan gnaInterval)
    {
        _garpInterval = garpInterval;
        _gnaInterval = gnaInterval;
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil announce" };
        _thread.Start();
    }

    /// <summary>Queues one announcement; returns at once.</summary>
    public void Enqueue(AnnouncementSocket socket, IPAddress address, bool isRouter)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(address);
        if (!_queue.IsAddingCompleted)
        {
            _queue.Add((socket, address, isRouter));
        }
    }

    /// <summary>Stops after the frame in flight; frames still queued are dropped (the daemon is exiting).</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        foreach ((AnnouncementSocket socket, IPAddress address, bool isRouter) in _queue.GetConsumingEnumerable())
        {
            if (_queue.IsAddingCompleted)
            {
                return;
            }

            bool arp = address.AddressFamily == AddressFamily.InterNetwork;
            var key = (socket.InterfaceIndex, address.AddressFamily);
            long wait = _nextAllowed.GetValueOrDefault(key) - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                Thread.Sleep(Stopwatch.GetElapsedTime(0, wait));
            }

            try
            {
                if (arp)
                {
                    socket.SendGratuitousArp(address);
                }
                else
                {
                    socket.SendNeighborAdvertisement(address, isRouter);
                }
            }
            catch (Exception e) when (e is SyscallException or ObjectDisposedException)
            {
                // The interface went away or the daemon is closing its sockets: the next transition announces again.
            }

            _nextAllowed[key] = Stopwatch.GetTimestamp() + (long)((arp ? _garpInterval : _gnaInterval).TotalSeconds * Stopwatch.Frequency);
        }
    }
}
