using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Linux;
using Vigil.Linux.Announcements;

namespace Vigil.Daemon.Linux;

/// <summary>
/// Sends gratuitous ARPs and unsolicited NAs spaced out per pacing budget (an interface, or a garp_group's
/// interfaces together): at most one ARP per garp interval and one NA per gna interval on each, as keepalived paces
/// its bursts (keepalived.conf(5) vrrp_garp_interval, garp_group; some switches drop or rate-limit back-to-back
/// gratuitous ARPs).
/// The event loop only enqueues, so the state machine never waits for the spacing. One thread sends in
/// arrival order (a burst on one interface may hold back another interface's by its spacing) and is the
/// only user of the announcement sockets, whose frame buffers are not shared between threads.
/// </summary>
public sealed class SpacedAnnouncementSender : IDisposable
{
    private readonly BlockingCollection<(AnnouncementSocket Socket, IPAddress Address, bool IsRouter, string Budget, TimeSpan Spacing, Owner? Owner, int Generation)> _queue = new();
    private readonly Dictionary<(string Budget, AddressFamily Family), long> _nextAllowed = [];
    private readonly Thread _thread;

    public SpacedAnnouncementSender()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil announce" };
        _thread.Start();
    }

    /// <summary>
    /// Queues one announcement; returns at once. It leaves no sooner than the previous one of its address family
    /// in <paramref name="budget"/> plus that one's spacing; the next one waits <paramref name="spacing"/> after it.
    /// An <paramref name="owner"/>'s frames still queued are dropped by its <see cref="Owner.Withdraw"/>.
    /// </summary>
    public void Enqueue(AnnouncementSocket socket, IPAddress address, bool isRouter, string budget, TimeSpan spacing, Owner? owner = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(budget);
        if (!_queue.IsAddingCompleted)
        {
            _queue.Add((socket, address, isRouter, budget, spacing, owner, owner?.Generation ?? 0));
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
        foreach ((AnnouncementSocket socket, IPAddress address, bool isRouter, string budget, TimeSpan spacing, Owner? owner, int generation) in _queue.GetConsumingEnumerable())
        {
            if (_queue.IsAddingCompleted)
            {
                return;
            }

            if (owner is not null && owner.Generation != generation)
            {
                continue; // withdrawn: neither sent nor counted against the budget
            }

            bool arp = address.AddressFamily == AddressFamily.InterNetwork;
            var key = (budget, address.AddressFamily);
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

            _nextAllowed[key] = Stopwatch.GetTimestamp() + (long)(spacing.TotalSeconds * Stopwatch.Frequency);
        }
    }

    /// <summary>
    /// Whose frames these are (a router): the frames carry its generation, so a withdrawal needs no table in the
    /// sender, and nothing is kept once the owner is dropped.
    /// </summary>
    public sealed class Owner
    {
        private int _generation;

        internal int Generation => Volatile.Read(ref _generation);

        /// <summary>
        /// Drops this owner's frames not sent yet (the one in flight still goes): a router leaving MASTER no longer
        /// holds the addresses, and keepalived 2.2.7 clears its pending GARPs/NAs then (vrrp_remove_delayed_arp).
        /// </summary>
        public void Withdraw() => Interlocked.Increment(ref _generation);
    }
}
