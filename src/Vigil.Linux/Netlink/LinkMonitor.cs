namespace Vigil.Linux.Netlink;

/// <summary>
/// Subscribes to RTMGRP_LINK and turns RTM_NEWLINK/RTM_DELLINK notifications into
/// <see cref="LinkEvent"/>s. One reader thread calls <see cref="Wait"/> then <see cref="ReadEvents"/>;
/// <see cref="Wake"/> may be called from any thread to end a wait (shutdown).
/// </summary>
public sealed class LinkMonitor : INetlinkMonitor<LinkEvent>, IDisposable
{
    private readonly NetlinkSocket _socket;

    private LinkMonitor(NetlinkSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Notifications dropped because they did not come from the kernel.</summary>
    public long ForeignDatagramsDropped => _socket.ForeignDatagramsDropped;

    /// <summary>Opens the subscription in the calling thread's network namespace.</summary>
    public static LinkMonitor Open() => new(NetlinkSocket.Open(Interop.Netlink.RTMGRP_LINK));

    public WaitOutcome Wait(int timeoutMilliseconds) => _socket.Wait(timeoutMilliseconds);

    public void Wake() => _socket.Wake();

    /// <summary>Appends every pending notification to <paramref name="events"/> without blocking; returns how many.</summary>
    public int ReadEvents(ICollection<LinkEvent> events)
    {
        int count = 0;
        while (true)
        {
            ReadOnlySpan<byte> datagram;
            try
            {
                datagram = _socket.Receive(dontWait: true, "RTMGRP_LINK");
            }
            catch (SyscallException e) when (e.Errno == Interop.Errors.ENOBUFS)
            {
                events.Add(new LinkEvent(LinkEventKind.Overrun, null));
                count++;
                continue;
            }

            if (datagram.IsEmpty)
            {
                return count;
            }

            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                LinkEventKind kind;
                switch (message.Header.nlmsg_type)
                {
                    case Interop.Netlink.RTM_NEWLINK:
                        kind = LinkEventKind.Changed;
                        break;
                    case Interop.Netlink.RTM_DELLINK:
                        kind = LinkEventKind.Removed;
                        break;
                    default:
                        continue;
                }

                if (LinkMessageParser.TryParse(message.Body, out LinkInfo? link))
                {
                    events.Add(new LinkEvent(kind, link));
                    count++;
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
