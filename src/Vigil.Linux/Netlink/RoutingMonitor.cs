namespace Vigil.Linux.Netlink;

/// <summary>
/// Subscribes to route and rule notifications (RTNLGRP_IPV4/IPV6_ROUTE, RTNLGRP_IPV4/IPV6_RULE; only the families
/// asked for, as keepalived 2.2.7 subscribes only when something is watched) and reports the deletions of entries
/// marked RTPROT_KEEPALIVED that were not caused by <c>ownPort</c> (the daemon's own requests, as keepalived skips
/// messages from its command socket). Its own socket: a busy routing table cannot overrun the address monitor.
/// </summary>
public sealed class RoutingMonitor : INetlinkMonitor<RoutingEvent>, IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly uint _ownPort;

    private RoutingMonitor(NetlinkSocket socket, uint ownPort)
    {
        _socket = socket;
        _ownPort = ownPort;
    }

    /// <summary>Opens the socket in the calling thread's network namespace, subscribed to nothing yet (<see cref="Watch"/>).</summary>
    public static RoutingMonitor Open(uint ownPort) => new(NetlinkSocket.Open(groups: 0), ownPort);

    /// <summary>Subscribes to the groups asked for (again is harmless); a reload may ask for more.</summary>
    public void Watch(bool ipv4Routes, bool ipv6Routes, bool ipv4Rules, bool ipv6Rules)
    {
        foreach ((bool wanted, int group) in (ReadOnlySpan<(bool, int)>)[
            (ipv4Routes, Interop.Netlink.RTNLGRP_IPV4_ROUTE), (ipv6Routes, Interop.Netlink.RTNLGRP_IPV6_ROUTE),
            (ipv4Rules, Interop.Netlink.RTNLGRP_IPV4_RULE), (ipv6Rules, Interop.Netlink.RTNLGRP_IPV6_RULE)])
        {
            if (wanted)
            {
                _socket.AddMembership(group);
            }
        }
    }

    public WaitOutcome Wait(int timeoutMilliseconds) => _socket.Wait(timeoutMilliseconds);

    public void Wake() => _socket.Wake();

    /// <summary>Appends every pending deletion to <paramref name="events"/> without blocking; returns how many.</summary>
    public int ReadEvents(ICollection<RoutingEvent> events)
    {
        int count = 0;
        while (true)
        {
            ReadOnlySpan<byte> datagram;
            try
            {
                datagram = _socket.Receive(dontWait: true, "RTNLGRP_ROUTE/RULE");
            }
            catch (SyscallException e) when (e.Errno == Interop.Errors.ENOBUFS)
            {
                events.Add(RoutingEvent.Overrun);
                count++;
                continue;
            }

            if (datagram.IsEmpty)
            {
                return count;
            }

            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (message.Header.nlmsg_pid == _ownPort && _ownPort != 0)
                {
                    continue;
                }

                if (message.Header.nlmsg_type == Interop.Netlink.RTM_DELROUTE && RoutingMessageParser.TryParseRoute(message.Body, out RouteRequest? route))
                {
                    events.Add(new RoutingEvent(route, null));
                    count++;
                }
                else if (message.Header.nlmsg_type == Interop.Netlink.RTM_DELRULE && RoutingMessageParser.TryParseRule(message.Body, out RuleRequest? rule))
                {
                    events.Add(new RoutingEvent(null, rule));
                    count++;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
