using System.Buffers.Binary;
using System.Net;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Ipvs;

/// <summary>
/// Parses the kernel's generic-netlink replies: the controller's family id, and IPVS service and
/// destination dump entries. Every length is checked; an entry missing its key attributes is skipped.
/// </summary>
internal static class IpvsMessageParser
{
    /// <summary>CTRL_ATTR_FAMILY_ID from a controller reply body (genlmsghdr + attributes).</summary>
    public static bool TryParseFamilyId(ReadOnlySpan<byte> body, out ushort familyId)
    {
        familyId = 0;
        if (body.Length < IpvsGenl.GenlHeaderSize)
        {
            return false;
        }

        ReadOnlySpan<byte> attributes = body[IpvsGenl.GenlHeaderSize..];
        while (RouteAttribute.TryReadNext(ref attributes, out ushort type, out ReadOnlySpan<byte> value))
        {
            if (type == IpvsGenl.CTRL_ATTR_FAMILY_ID && value.Length >= 2)
            {
                familyId = BinaryPrimitives.ReadUInt16LittleEndian(value);
                return true;
            }
        }

        return false;
    }

    /// <summary>One IPVS_CMD_NEW_SERVICE entry of a GET_SERVICE dump.</summary>
    public static bool TryParseService(ReadOnlySpan<byte> body, out IpvsService? service)
    {
        service = null;
        if (!TryFindNested(body, IpvsGenl.IPVS_CMD_ATTR_SERVICE, out ReadOnlySpan<byte> nested))
        {
            return false;
        }

        ushort family = 0, protocol = 0, port = 0;
        uint fwmark = 0, timeout = 0, netmask = 0, flags = 0;
        string scheduler = "";
        string? engine = null;
        scoped ReadOnlySpan<byte> address = default;
        IpvsStats? stats = null, stats64 = null;
        while (RouteAttribute.TryReadNext(ref nested, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case IpvsGenl.IPVS_SVC_ATTR_AF when value.Length >= 2: family = BinaryPrimitives.ReadUInt16LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_PROTOCOL when value.Length >= 2: protocol = BinaryPrimitives.ReadUInt16LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_ADDR: address = value; break;
                case IpvsGenl.IPVS_SVC_ATTR_PORT when value.Length >= 2: port = BinaryPrimitives.ReadUInt16BigEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_FWMARK when value.Length >= 4: fwmark = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_SCHED_NAME: scheduler = CString(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_PE_NAME: engine = CString(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_FLAGS when value.Length >= 4: flags = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_TIMEOUT when value.Length >= 4: timeout = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_NETMASK when value.Length >= 4: netmask = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_STATS: stats = Stats(value); break;
                case IpvsGenl.IPVS_SVC_ATTR_STATS64: stats64 = Stats(value); break;
            }
        }

        IPAddress? ip = ToAddress(family, address);
        if (ip is null && fwmark != 0)
        {
            ip = family == Interop.AddressFamilies.AF_INET6 ? IPAddress.IPv6Any : family == Interop.AddressFamilies.AF_INET ? IPAddress.Any : null;
        }

        if (ip is null)
        {
            return false;
        }

        service = new IpvsService((IpvsProtocol)protocol, ip, port, fwmark)
        {
            Scheduler = scheduler,
            Flags = (IpvsServiceFlags)flags,
            Timeout = timeout,
            Netmask = netmask,
            PersistenceEngine = string.IsNullOrEmpty(engine) ? null : engine,
            Stats = stats64 ?? stats,
        };
        return true;
    }

    /// <summary>One IPVS_CMD_NEW_DEST entry of a GET_DEST dump; <paramref name="serviceFamily"/> when the kernel omits the destination's own.</summary>
    public static bool TryParseDestination(ReadOnlySpan<byte> body, ushort serviceFamily, out IpvsDestination? destination)
    {
        destination = null;
        if (!TryFindNested(body, IpvsGenl.IPVS_CMD_ATTR_DEST, out ReadOnlySpan<byte> nested))
        {
            return false;
        }

        ushort family = serviceFamily, port = 0;
        uint method = 0, weight = 0, upper = 0, lower = 0, active = 0, inactive = 0;
        scoped ReadOnlySpan<byte> address = default;
        bool hasPort = false;
        IpvsStats? stats = null, stats64 = null;
        while (RouteAttribute.TryReadNext(ref nested, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case IpvsGenl.IPVS_DEST_ATTR_ADDR: address = value; break;
                case IpvsGenl.IPVS_DEST_ATTR_PORT when value.Length >= 2: port = BinaryPrimitives.ReadUInt16BigEndian(value); hasPort = true; break;
                case IpvsGenl.IPVS_DEST_ATTR_FWD_METHOD when value.Length >= 4: method = BinaryPrimitives.ReadUInt32LittleEndian(value) & IpvsGenl.ForwardMask; break;
                case IpvsGenl.IPVS_DEST_ATTR_WEIGHT when value.Length >= 4: weight = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_U_THRESH when value.Length >= 4: upper = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_L_THRESH when value.Length >= 4: lower = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_ACTIVE_CONNS when value.Length >= 4: active = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_INACT_CONNS when value.Length >= 4: inactive = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_ADDR_FAMILY when value.Length >= 2: family = BinaryPrimitives.ReadUInt16LittleEndian(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_STATS: stats = Stats(value); break;
                case IpvsGenl.IPVS_DEST_ATTR_STATS64: stats64 = Stats(value); break;
            }
        }

        if (!hasPort || ToAddress(family, address) is not { } ip)
        {
            return false;
        }

        destination = new IpvsDestination(ip, port)
        {
            Method = (IpvsForwardMethod)method,
            Weight = (int)weight,
            UpperThreshold = upper,
            LowerThreshold = lower,
            ActiveConnections = active,
            InactiveConnections = inactive,
            Stats = stats64 ?? stats,
        };
        return true;
    }

    /// <summary>A nested IPVS_*_ATTR_STATS (u32 counters, u64 bytes) or STATS64 (all u64) attribute.</summary>
    private static IpvsStats Stats(ReadOnlySpan<byte> nested)
    {
        ulong conns = 0, inPackets = 0, outPackets = 0, inBytes = 0, outBytes = 0;
        while (RouteAttribute.TryReadNext(ref nested, out ushort type, out ReadOnlySpan<byte> value))
        {
            ulong number = value.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(value) : value.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(value) : 0;
            switch (type)
            {
                case IpvsGenl.IPVS_STATS_ATTR_CONNS: conns = number; break;
                case IpvsGenl.IPVS_STATS_ATTR_INPKTS: inPackets = number; break;
                case IpvsGenl.IPVS_STATS_ATTR_OUTPKTS: outPackets = number; break;
                case IpvsGenl.IPVS_STATS_ATTR_INBYTES: inBytes = number; break;
                case IpvsGenl.IPVS_STATS_ATTR_OUTBYTES: outBytes = number; break;
            }
        }

        return new IpvsStats(conns, inPackets, outPackets, inBytes, outBytes);
    }

    /// <summary>One IPVS_CMD_GET_DAEMON reply: a running sync daemon (what ipvsadm -L --daemon reads; the unit tests decode the writer's requests with it).</summary>
    public static bool TryParseSyncDaemon(ReadOnlySpan<byte> body, out IpvsSyncDaemon? daemon)
    {
        daemon = null;
        if (!TryFindNested(body, IpvsGenl.IPVS_CMD_ATTR_DAEMON, out ReadOnlySpan<byte> nested))
        {
            return false;
        }

        uint state = 0, syncId = 0;
        ushort maxLength = 0, port = 0;
        byte ttl = 0;
        string name = "";
        IPAddress? group = null;
        while (RouteAttribute.TryReadNext(ref nested, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case IpvsGenl.IPVS_DAEMON_ATTR_STATE when value.Length >= 4: state = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_MCAST_IFN: name = CString(value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_SYNC_ID when value.Length >= 4: syncId = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_SYNC_MAXLEN when value.Length >= 2: maxLength = BinaryPrimitives.ReadUInt16LittleEndian(value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_MCAST_PORT when value.Length >= 2: port = BinaryPrimitives.ReadUInt16LittleEndian(value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_MCAST_TTL when value.Length >= 1: ttl = value[0]; break;
                case IpvsGenl.IPVS_DAEMON_ATTR_MCAST_GROUP: group = ToAddress(Interop.AddressFamilies.AF_INET, value); break;
                case IpvsGenl.IPVS_DAEMON_ATTR_MCAST_GROUP6: group = ToAddress(Interop.AddressFamilies.AF_INET6, value); break;
            }
        }

        if (state is not ((uint)IpvsSyncRole.Master or (uint)IpvsSyncRole.Backup))
        {
            return false;
        }

        daemon = new IpvsSyncDaemon((IpvsSyncRole)state, name, syncId) { MaxLength = maxLength, Port = port, Ttl = ttl, Group = group };
        return true;
    }

    private static bool TryFindNested(ReadOnlySpan<byte> body, ushort wanted, out ReadOnlySpan<byte> nested)
    {
        nested = default;
        int offset = IpvsGenl.GenlHeaderSize;
        while (offset + RouteAttribute.HeaderSize <= body.Length)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(body[offset..]);
            ushort type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(body[(offset + 2)..]) & 0x3FFF);
            if (length < RouteAttribute.HeaderSize || offset + length > body.Length)
            {
                return false;
            }

            if (type == wanted)
            {
                nested = body.Slice(offset + RouteAttribute.HeaderSize, length - RouteAttribute.HeaderSize);
                return true;
            }

            offset += NetlinkMessage.Align(length);
        }

        return false;
    }

    private static IPAddress? ToAddress(ushort family, ReadOnlySpan<byte> bytes) => family switch
    {
        Interop.AddressFamilies.AF_INET when bytes.Length >= 4 => new IPAddress(bytes[..4]),
        Interop.AddressFamilies.AF_INET6 when bytes.Length >= 16 => new IPAddress(bytes[..16]),
        _ => null,
    };

    private static string CString(ReadOnlySpan<byte> value)
    {
        int end = value.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? value : value[..end]);
    }
}
