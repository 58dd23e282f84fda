using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>
/// Parses RTM_DELROUTE / RTM_DELRULE bodies (and the RTM_NEWROUTE / RTM_NEWRULE of a dump) back into the request shape Vigil writes, for entries marked with
/// RTPROT_KEEPALIVED only: the protocol byte is checked first, so the host's other routes cost no allocation.
/// Pure, so tests feed it bytes.
/// </summary>
internal static class RoutingMessageParser
{
    /// <summary>struct rtmsg / struct fib_rule_hdr: 8 one-byte fields and a 32-bit flags word.</summary>
    private const int BodySize = 12;

    public static bool TryParseRoute(ReadOnlySpan<byte> body, out RouteRequest? route)
    {
        route = null;
        if (body.Length < BodySize || body[5] != RouteRequest.KeepalivedProtocol || FamilyOf(body[0]) is not { } family)
        {
            return false; // rtm_protocol: not one keepalived (or Vigil) installed
        }

        int length = family == AddressFamily.InterNetwork ? 4 : 16;
        IPAddress? destination = null;
        uint table = body[4];
        uint? metric = null;
        int outputInterface = 0;
        ReadOnlySpan<byte> attributes = body[BodySize..];
        while (RouteAttribute.TryReadNext(ref attributes, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.Netlink.RTA_DST when value.Length == length:
                    destination = new IPAddress(value);
                    break;
                case Interop.Netlink.RTA_TABLE when value.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.RTA_PRIORITY when value.Length == 4:
                    metric = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.RTA_OIF when value.Length == 4:
                    outputInterface = (int)BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
            }
        }

        route = new RouteRequest(family, body[1] == 0 ? null : destination, body[1], body[7], table, (AddressScope)body[6], OutputInterface: outputInterface, Metric: metric);
        return true;
    }

    public static bool TryParseRule(ReadOnlySpan<byte> body, out RuleRequest? rule)
    {
        rule = null;
        if (body.Length < BodySize || FamilyOf(body[0]) is not { } family || body[7] != Interop.Netlink.FR_ACT_TO_TBL)
        {
            return false;
        }

        ReadOnlySpan<byte> attributes = body[BodySize..];
        byte? protocol = null;
        ReadOnlySpan<byte> scan = attributes;
        while (RouteAttribute.TryReadNext(ref scan, out ushort type, out ReadOnlySpan<byte> value))
        {
            if (type == Interop.Netlink.FRA_PROTOCOL && value.Length == 1)
            {
                protocol = value[0];
            }
        }

        if (protocol is byte p && p != RouteRequest.KeepalivedProtocol)
        {
            return false; // keepalived's netlink_rule_filter: a rule of another protocol is not watched
        }

        int length = family == AddressFamily.InterNetwork ? 4 : 16;
        IPAddress? from = null, to = null;
        uint table = body[4];
        uint? priority = null, mark = null, mask = null;
        string? input = null, output = null;
        while (RouteAttribute.TryReadNext(ref attributes, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.Netlink.FRA_SRC when value.Length == length:
                    from = new IPAddress(value);
                    break;
                case Interop.Netlink.FRA_DST when value.Length == length:
                    to = new IPAddress(value);
                    break;
                case Interop.Netlink.FRA_TABLE when value.Length == 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.FRA_PRIORITY when value.Length == 4:
                    priority = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.FRA_FWMARK when value.Length == 4:
                    mark = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.FRA_FWMASK when value.Length == 4:
                    mask = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case Interop.Netlink.FRA_IIFNAME:
                    input = Name(value);
                    break;
                case Interop.Netlink.FRA_OIFNAME:
                    output = Name(value);
                    break;
            }
        }

        rule = new RuleRequest(family)
        {
            From = from,
            FromPrefixLength = body[2],
            To = to,
            ToPrefixLength = body[1],
            Table = table,
            Priority = priority,
            Fwmark = mark,
            FwmarkMask = mask,
            InputInterface = input,
            OutputInterface = output,
            Protocol = protocol,
        };
        return true;
    }

    private static AddressFamily? FamilyOf(byte family) => family switch
    {
        Interop.AddressFamilies.AF_INET => AddressFamily.InterNetwork,
        Interop.AddressFamilies.AF_INET6 => AddressFamily.InterNetworkV6,
        _ => null,
    };

    private static string Name(ReadOnlySpan<byte> value)
    {
        int end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? value[..end] : value);
    }
}
