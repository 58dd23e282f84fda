namespace Vigil.Linux.Netlink;

/// <summary>
/// Subscribes to RTMGRP_IPV4_IFADDR and RTMGRP_IPV6_IFADDR and turns RTM_NEWADDR/RTM_DELADDR notifications into
/// <see cref="AddressEvent"/>s (the sibling of <see cref="LinkMonitor"/>). One reader thread calls <see cref="Wait"/>
/// then <see cref="ReadEvents"/>; <see cref="Wake"/> may be called from any thread to end a wait (shutdown).
/// </summary>
public sealed class AddressMonitor : INetlinkMonitor<AddressEvent>, IDisposable
{
    private readonly NetlinkSocket _socket;

    private readonly uint _ownPort;

    private AddressMonitor(NetlinkSocket socket, uint ownPort)
    {
        _socket = socket;
        _ownPort = ownPort;
    }

    /// <summary>Notifications dropped because they did not come from the kernel.</summary>
    public long ForeignDatagramsDropped => _socket.ForeignDatagramsDropped;

    /// <summary>
    /// Opens the subscription in the calling thread's network namespace. Events caused by requests from
    /// <paramref name="ownPort"/> (the daemon's rtnetlink socket, <see cref="RtNetlink.PortId"/>) are marked <see cref="AddressEvent.Ours"/>.
    /// </summary>
    public static AddressMonitor Open(uint ownPort = 0) => new(NetlinkSocket.Open(Interop.Netlink.RTMGRP_IPV4_IFADDR | Interop.Netlink.RTMGRP_IPV6_IFADDR), ownPort);

    public WaitOutcome Wait(int timeoutMilliseconds) => _socket.Wait(timeoutMilliseconds);

    public void Wake() => _socket.Wake();

    /// <summary>Appends every pending notification to <paramref name="events"/> without blocking; returns how many.</summary>
    public int ReadEvents(ICollection<AddressEvent> events)
    {
        int count = 0;
        while (true)
        {
            ReadOnlySpan<byte> datagram;
            try
            {
                datagram = _socket.Receive(dontWait: true, "RTMGRP_IFADDR");
            }
            catch (SyscallException e) when (e.Errno == Interop.Errors.ENOBUFS)
            {
                events.Add(new AddressEvent(AddressEventKind.Overrun, null));
                count++;
                continue;
            }

            if (datagram.IsEmpty)
            {
                return count;
            }

            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                AddressEventKind kind;
                switch (message.Header.nlmsg_type)
                {
                    case Interop.Netlink.RTM_NEWADDR:
                        kind = AddressEventKind.Added;
                        break;
                    case Interop.Netlink.RTM_DELADDR:
                        kind = AddressEventKind.Removed;
                        break;
                    default:
                        continue;
                }

                if (AddressMessageParser.TryParse(message.Body, out InterfaceAddress? address))
                {
                    events.Add(new AddressEvent(kind, address, _ownPort != 0 && message.Header.nlmsg_pid == _ownPort));
                    count++;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
