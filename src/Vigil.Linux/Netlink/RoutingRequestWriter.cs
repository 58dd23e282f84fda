using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>Builds RTM_NEWROUTE/DELROUTE and RTM_NEWRULE/DELRULE requests; pure, so golden bytes can be tested.</summary>
internal static class RoutingRequestWriter
{
    /// <summary>Large enough for header, rtmsg/fib_rule_hdr and every attribute written (two interface names, addresses, numbers).</summary>
    public const int MaxLength = 192;

    /// <summary>struct rtmsg and struct fib_rule_hdr are both 12 bytes: 8 one-byte fields and a 32-bit flags word.</summary>
    private const int BodySize = 12;

    public static int WriteRoute(Span<byte> buffer, ushort messageType, ushort flags, uint sequence, RouteRequest route)
    {
        byte family = Family(route.Family);
        buffer[..MaxLength].Clear();
        int offset = NetlinkMessage.HeaderSize;
        Span<byte> body = buffer.Slice(offset, BodySize);
        body[0] = family;                                       // rtm_family
        body[1] = (byte)(route.Destination is null ? 0 : route.PrefixLength); // rtm_dst_len
        body[4] = route.Table < 256 ? (byte)route.Table : (byte)0; // rtm_table (RT_TABLE_UNSPEC with RTA_TABLE)
        body[5] = RouteRequest.KeepalivedProtocol;             // rtm_protocol
        // rtm_scope: deletes match any scope (RT_SCOPE_NOWHERE), as keepalived and `ip route del` send it.
        body[6] = messageType == Interop.Netlink.RTM_DELROUTE && route.Scope == AddressScope.Global ? (byte)AddressScope.Nowhere : (byte)route.Scope;
        body[7] = route.Type;                                   // rtm_type
        offset += BodySize;

        if (route.Destination is not null)
        {
            offset = WriteAddress(buffer, offset, Interop.Netlink.RTA_DST, route.Destination, route.Family);
        }

        if (route.Table >= 256)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.RTA_TABLE, route.Table);
        }

        if (route.PreferredSource is not null)
        {
            offset = WriteAddress(buffer, offset, Interop.Netlink.RTA_PREFSRC, route.PreferredSource, route.Family);
        }

        if (route.Gateway is not null)
        {
            offset = WriteAddress(buffer, offset, Interop.Netlink.RTA_GATEWAY, route.Gateway, route.Family);
        }

        if (route.OutputInterface > 0)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.RTA_OIF, (uint)route.OutputInterface);
        }

        if (route.Metric is uint metric)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.RTA_PRIORITY, metric);
        }

        return Finish(buffer, offset, messageType, flags, sequence);
    }

    public static int WriteRule(Span<byte> buffer, ushort messageType, ushort flags, uint sequence, RuleRequest rule)
    {
        byte family = Family(rule.Family);
        buffer[..MaxLength].Clear();
        int offset = NetlinkMessage.HeaderSize;
        Span<byte> body = buffer.Slice(offset, BodySize);
        body[0] = family;                                        // family
        body[1] = (byte)(rule.To is null ? 0 : rule.ToPrefixLength);     // dst_len
        body[2] = (byte)(rule.From is null ? 0 : rule.FromPrefixLength); // src_len
        body[4] = rule.Table < 256 ? (byte)rule.Table : (byte)0;        // table
        body[7] = Interop.Netlink.FR_ACT_TO_TBL;                // action
        offset += BodySize;

        if (rule.From is not null)
        {
            offset = WriteAddress(buffer, offset, Interop.Netlink.FRA_SRC, rule.From, rule.Family);
        }

        if (rule.To is not null)
        {
            offset = WriteAddress(buffer, offset, Interop.Netlink.FRA_DST, rule.To, rule.Family);
        }

        if (rule.Priority is uint priority)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.FRA_PRIORITY, priority);
        }

        if (rule.Fwmark is uint mark)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.FRA_FWMARK, mark);
        }

        if (rule.FwmarkMask is uint mask)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.FRA_FWMASK, mask);
        }

        if (rule.InputInterface is { } input)
        {
            offset = WriteName(buffer, offset, Interop.Netlink.FRA_IIFNAME, input);
        }

        if (rule.OutputInterface is { } output)
        {
            offset = WriteName(buffer, offset, Interop.Netlink.FRA_OIFNAME, output);
        }

        if (rule.Table >= 256)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.FRA_TABLE, rule.Table);
        }

        // Added with it; deleted without, so a delete also clears the same rule of another protocol (start-up purge of leftovers).
        if (rule.Protocol is byte protocol && messageType == Interop.Netlink.RTM_NEWRULE)
        {
            offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.FRA_PROTOCOL, [protocol]);
        }

        return Finish(buffer, offset, messageType, flags, sequence);
    }

    private static byte Family(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => (byte)Interop.AddressFamilies.AF_INET,
        AddressFamily.InterNetworkV6 => (byte)Interop.AddressFamilies.AF_INET6,
        _ => throw new ArgumentException($"{family} is neither IPv4 nor IPv6", nameof(family)),
    };

    private static int WriteAddress(Span<byte> buffer, int offset, ushort type, IPAddress address, AddressFamily family)
    {
        if (address.AddressFamily != family)
        {
            throw new ArgumentException($"{address} is not {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} like the rest of the request", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return RouteAttribute.Write(buffer, offset, type, bytes[..written]);
    }

    /// <summary>An interface name, NUL-terminated, at most IFNAMSIZ (16) bytes with the NUL.</summary>
    internal static int WriteName(Span<byte> buffer, int offset, ushort type, string name)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = Encoding.UTF8.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), bytes);
        bytes[length] = 0;
        return RouteAttribute.Write(buffer, offset, type, bytes[..(length + 1)]);
    }

    internal static int Finish(Span<byte> buffer, int length, ushort messageType, ushort flags, uint sequence)
    {
        var header = new Interop.nlmsghdr
        {
            nlmsg_len = (uint)length,
            nlmsg_type = messageType,
            nlmsg_flags = flags,
            nlmsg_seq = sequence,
        };
        MemoryMarshal.Write(buffer, in header);
        return length;
    }
}
