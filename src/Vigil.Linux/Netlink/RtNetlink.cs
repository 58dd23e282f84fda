using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Netlink;

/// <summary>
/// Request/reply rtnetlink for addresses, routes, rules and links, spoken directly (not by running `ip`).
/// Not thread-safe: one owner (the daemon's event loop) issues one request at a time.
/// It works in the network namespace of the thread that opened it.
/// </summary>
public sealed class RtNetlink : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly byte[] _request = new byte[Math.Max(AddressRequestWriter.MaxLength, Math.Max(RoutingRequestWriter.MaxLength, LinkRequestWriter.MaxLength))];
    private uint _sequence;

    private RtNetlink(NetlinkSocket socket)
    {
        _socket = socket;
        _sequence = (uint)Environment.TickCount;
    }

    public static RtNetlink Open() => new(NetlinkSocket.Open(groups: 0));

    /// <summary>Its port id: the kernel's notifications of changes it requested carry this as sender (nlmsg_pid).</summary>
    public uint PortId => _socket.PortId;

    /// <summary>The interface index for a name in the calling thread's namespace, or 0 when there is none.</summary>
    public static int GetInterfaceIndex(string name) => (int)Interop.Libc.if_nametoindex(name);

    /// <summary>Adds an address; an address already present is reported, not thrown.</summary>
    public AddressChange AddAddress(InterfaceAddress address)
    {
        int errno = Request(
            Interop.Netlink.RTM_NEWADDR,
            Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK | Interop.Netlink.NLM_F_CREATE | Interop.Netlink.NLM_F_EXCL,
            address);
        return errno switch
        {
            0 => AddressChange.Done,
            Interop.Errors.EEXIST => AddressChange.AlreadyPresent,
            _ => throw new SyscallException(errno, $"RTM_NEWADDR {address.Address}/{address.PrefixLength} on ifindex {address.InterfaceIndex}"),
        };
    }

    /// <summary>Deletes an address; an address already gone is reported, not thrown.</summary>
    public AddressChange DeleteAddress(InterfaceAddress address)
    {
        int errno = Request(Interop.Netlink.RTM_DELADDR, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK, address);
        return errno switch
        {
            0 => AddressChange.Done,
            // IPv4 answers EADDRNOTAVAIL, IPv6 ENODEV or EADDRNOTAVAIL depending on kernel version.
            Interop.Errors.EADDRNOTAVAIL or Interop.Errors.ENODEV or Interop.Errors.ENOENT => AddressChange.NotPresent,
            _ => throw new SyscallException(errno, $"RTM_DELADDR {address.Address}/{address.PrefixLength} on ifindex {address.InterfaceIndex}"),
        };
    }

    /// <summary>Adds a route (NLM_F_EXCL, as keepalived); a route already present is reported, not thrown.</summary>
    public AddressChange AddRoute(RouteRequest route)
    {
        ArgumentNullException.ThrowIfNull(route);
        uint sequence = ++_sequence;
        return Outcome(Request(sequence, RoutingRequestWriter.WriteRoute(_request, Interop.Netlink.RTM_NEWROUTE, CreateFlags, sequence, route), "RTM_NEWROUTE"), $"RTM_NEWROUTE {route}");
    }

    /// <summary>Deletes a route; a route already gone (ESRCH) is reported, not thrown.</summary>
    public AddressChange DeleteRoute(RouteRequest route)
    {
        ArgumentNullException.ThrowIfNull(route);
        uint sequence = ++_sequence;
        return Outcome(Request(sequence, RoutingRequestWriter.WriteRoute(_request, Interop.Netlink.RTM_DELROUTE, DeleteFlags, sequence, route), "RTM_DELROUTE"), $"RTM_DELROUTE {route}");
    }

    /// <summary>Adds a policy-routing rule; a rule already present is reported, not thrown.</summary>
    public AddressChange AddRule(RuleRequest rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        uint sequence = ++_sequence;
        return Outcome(Request(sequence, RoutingRequestWriter.WriteRule(_request, Interop.Netlink.RTM_NEWRULE, CreateFlags, sequence, rule), "RTM_NEWRULE"), $"RTM_NEWRULE {rule}");
    }

    /// <summary>Deletes a policy-routing rule; a rule already gone (ENOENT) is reported, not thrown.</summary>
    public AddressChange DeleteRule(RuleRequest rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        uint sequence = ++_sequence;
        return Outcome(Request(sequence, RoutingRequestWriter.WriteRule(_request, Interop.Netlink.RTM_DELRULE, DeleteFlags, sequence, rule), "RTM_DELRULE"), $"RTM_DELRULE {rule}");
    }

    /// <summary>
    /// Creates a macvlan in mode private (a VMAC) named <paramref name="name"/> on <paramref name="parentIndex"/>
    /// with hardware address <paramref name="mac"/>, down; returns its interface index.
    /// </summary>
    public int CreateMacvlan(string name, int parentIndex, ReadOnlySpan<byte> mac, int masterIndex = 0)
    {
        uint sequence = ++_sequence;
        int length = LinkRequestWriter.WriteCreateMacvlan(_request, CreateFlags, sequence, name, parentIndex, mac, masterIndex);
        int errno = Request(sequence, length, "RTM_NEWLINK");
        return errno == 0 ? GetInterfaceIndex(name) : throw new SyscallException(errno, $"RTM_NEWLINK macvlan {name} on ifindex {parentIndex}");
    }

    /// <summary>Turns IPv6 address generation off on a link (no automatic link-local address).</summary>
    public void DisableAddressGeneration(int index) =>
        Must(LinkRequestWriter.WriteAddressGenerationNone(_request, DeleteFlags, ++_sequence, index), $"RTM_NEWLINK addrgenmode none on ifindex {index}");

    /// <summary>Enslaves a link to a master device (a VRF), or frees it with 0.</summary>
    public void SetMaster(int index, int masterIndex) =>
        Must(LinkRequestWriter.WriteSetMaster(_request, DeleteFlags, ++_sequence, index, masterIndex), $"RTM_NEWLINK master {masterIndex} on ifindex {index}");

    public void SetLinkUp(int index, bool up) =>
        Must(LinkRequestWriter.WriteSetUp(_request, DeleteFlags, ++_sequence, index, up), $"RTM_NEWLINK {(up ? "up" : "down")} ifindex {index}");

    /// <summary>Deletes a link; one already gone is reported, not thrown.</summary>
    public AddressChange DeleteLink(int index)
    {
        uint sequence = ++_sequence;
        return Outcome(Request(sequence, LinkRequestWriter.WriteDelete(_request, DeleteFlags, sequence, index), "RTM_DELLINK"), $"RTM_DELLINK ifindex {index}");
    }

    /// <summary>
    /// Whether a link is administratively up (IFF_UP) now; false when it no longer exists. One request and reply,
    /// for the moment an event needs the link's present state rather than the order its own monitor sees it in.
    /// </summary>
    public bool IsLinkUp(int index)
    {
        uint sequence = ++_sequence;
        _socket.Send(_request.AsSpan(0, LinkRequestWriter.WriteGet(_request, sequence, index)), "RTM_GETLINK");
        while (true)
        {
            ReadOnlySpan<byte> datagram = _socket.Receive(dontWait: false, "RTM_GETLINK");
            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (message.Header.nlmsg_seq != sequence)
                {
                    continue; // a stale reply to an earlier, abandoned request
                }

                if (message.Header.nlmsg_type == Interop.Netlink.NLMSG_ERROR)
                {
                    int errno = ReadErrno(message.Body, "RTM_GETLINK");
                    if (errno != 0)
                    {
                        return errno == Interop.Errors.ENODEV ? false : throw new SyscallException(errno, $"RTM_GETLINK ifindex {index}");
                    }

                    continue;
                }

                if (message.Header.nlmsg_type == Interop.Netlink.RTM_NEWLINK && LinkMessageParser.TryParse(message.Body, out LinkInfo? link))
                {
                    return (link!.Flags & Interop.Netlink.IFF_UP) != 0;
                }
            }
        }
    }

    /// <summary>All addresses of one family (or both when <paramref name="family"/> is Unspecified), optionally of one interface.</summary>
    public IReadOnlyList<InterfaceAddress> GetAddresses(AddressFamily family = AddressFamily.Unspecified, int interfaceIndex = 0)
    {
        byte nativeFamily = family switch
        {
            AddressFamily.InterNetwork => Interop.AddressFamilies.AF_INET,
            AddressFamily.InterNetworkV6 => Interop.AddressFamilies.AF_INET6,
            _ => 0,
        };
        List<InterfaceAddress> result = DumpAll<InterfaceAddress>(Interop.Netlink.RTM_GETADDR, nativeFamily, Interop.Netlink.RTM_NEWADDR, "RTM_GETADDR", AddressMessageParser.TryParse);
        return interfaceIndex == 0 ? result : [.. result.Where(a => a.InterfaceIndex == interfaceIndex)];
    }

    /// <summary>All links with their up/down state and hardware address.</summary>
    public IReadOnlyList<LinkInfo> GetLinks() =>
        DumpAll<LinkInfo>(Interop.Netlink.RTM_GETLINK, 0, Interop.Netlink.RTM_NEWLINK, "RTM_GETLINK", LinkMessageParser.TryParse);

    /// <summary>
    /// The routes of every table and family marked RTPROT_KEEPALIVED, in the shape of a deletion notification (the
    /// re-read after a monitor overrun); the parser skips the host's other routes on their protocol byte.
    /// </summary>
    public IReadOnlyList<RouteRequest> GetRoutes() =>
        DumpAll<RouteRequest>(Interop.Netlink.RTM_GETROUTE, 0, Interop.Netlink.RTM_NEWROUTE, "RTM_GETROUTE", RoutingMessageParser.TryParseRoute);

    /// <summary>The "to table" rules of both families, except those marked with another protocol (as a deletion is read).</summary>
    public IReadOnlyList<RuleRequest> GetRules() =>
        DumpAll<RuleRequest>(Interop.Netlink.RTM_GETRULE, 0, Interop.Netlink.RTM_NEWRULE, "RTM_GETRULE", RoutingMessageParser.TryParseRule);

    public void Dispose() => _socket.Dispose();

    private const ushort CreateFlags = Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK | Interop.Netlink.NLM_F_CREATE | Interop.Netlink.NLM_F_EXCL;
    private const ushort DeleteFlags = Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK;

    private int Request(ushort type, ushort flags, InterfaceAddress address)
    {
        uint sequence = ++_sequence;
        int length = AddressRequestWriter.Write(_request, type, flags, sequence, address);
        return Request(sequence, length, type == Interop.Netlink.RTM_NEWADDR ? "RTM_NEWADDR" : "RTM_DELADDR");
    }

    /// <summary>EEXIST on an add and ESRCH/ENOENT/ENODEV on a delete (route, rule, link) are outcomes; other errors throw.</summary>
    private static AddressChange Outcome(int errno, string operation) => errno switch
    {
        0 => AddressChange.Done,
        Interop.Errors.EEXIST => AddressChange.AlreadyPresent,
        Interop.Errors.ESRCH or Interop.Errors.ENOENT or Interop.Errors.ENODEV => AddressChange.NotPresent,
        _ => throw new SyscallException(errno, operation),
    };

    private void Must(int length, string operation)
    {
        int errno = Request(_sequence, length, operation);
        if (errno != 0)
        {
            throw new SyscallException(errno, operation);
        }
    }

    /// <summary>Sends the request in <see cref="_request"/> and returns the errno of its acknowledgement (0: done).</summary>
    private int Request(uint sequence, int length, string operation)
    {
        _socket.Send(_request.AsSpan(0, length), operation);
        while (true)
        {
            ReadOnlySpan<byte> datagram = _socket.Receive(dontWait: false, operation);
            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (message.Header.nlmsg_seq != sequence || message.Header.nlmsg_type != Interop.Netlink.NLMSG_ERROR)
                {
                    continue; // a stale reply to an earlier, abandoned request
                }

                return ReadErrno(message.Body, operation);
            }
        }
    }

    private unsafe void Dump(ushort requestType, byte family, ushort replyType, string operation, ReadOnlySpanAction onBody)
    {
        uint sequence = ++_sequence;
        Span<byte> request = stackalloc byte[NetlinkMessage.HeaderSize + 16];
        request.Clear();
        // A one-byte family in the first body byte is all a dump needs (rtgenmsg); ifinfomsg/ifaddrmsg sized bodies also work.
        int bodyLength = requestType switch
        {
            Interop.Netlink.RTM_GETLINK => sizeof(Interop.ifinfomsg),
            Interop.Netlink.RTM_GETROUTE or Interop.Netlink.RTM_GETRULE => RouteMessageSize, // struct rtmsg / fib_rule_hdr
            _ => sizeof(Interop.ifaddrmsg),
        };
        var header = new Interop.nlmsghdr
        {
            nlmsg_len = (uint)(NetlinkMessage.HeaderSize + bodyLength),
            nlmsg_type = requestType,
            nlmsg_flags = Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_DUMP,
            nlmsg_seq = sequence,
        };
        MemoryMarshal.Write(request, in header);
        request[NetlinkMessage.HeaderSize] = family;
        _socket.Send(request[..(int)header.nlmsg_len], operation);

        while (true)
        {
            ReadOnlySpan<byte> datagram = _socket.Receive(dontWait: false, operation);
            while (NetlinkMessage.TryReadNext(ref datagram, out NetlinkMessage message))
            {
                if (message.Header.nlmsg_seq != sequence)
                {
                    continue;
                }

                switch (message.Header.nlmsg_type)
                {
                    case Interop.Netlink.NLMSG_DONE:
                        return;
                    case Interop.Netlink.NLMSG_ERROR:
                        int errno = ReadErrno(message.Body, operation);
                        if (errno != 0)
                        {
                            throw new SyscallException(errno, operation);
                        }

                        return;
                    default:
                        if (message.Header.nlmsg_type == replyType)
                        {
                            onBody(message.Body);
                        }

                        break;
                }
            }
        }
    }

    private static int ReadErrno(ReadOnlySpan<byte> body, string operation)
    {
        if (body.Length < sizeof(int))
        {
            throw new SyscallException(Interop.Errors.EINVAL, operation + " (short NLMSG_ERROR)");
        }

        // nlmsgerr.error is 0 for an acknowledgement and -errno for a failure.
        return -MemoryMarshal.Read<int>(body);
    }

    private const int RouteMessageSize = 12;

    /// <summary>Every reply of a dump that <paramref name="parse"/> accepts.</summary>
    private List<T> DumpAll<T>(ushort requestType, byte family, ushort replyType, string operation, Parser<T> parse)
        where T : class
    {
        var result = new List<T>();
        Dump(requestType, family, replyType, operation, body =>
        {
            if (parse(body, out T? item))
            {
                result.Add(item!);
            }
        });
        return result;
    }

    private delegate bool Parser<T>(ReadOnlySpan<byte> body, out T? item)
        where T : class;

    private delegate void ReadOnlySpanAction(ReadOnlySpan<byte> body);
}
