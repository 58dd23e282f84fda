using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Ipvs;

/// <summary>
/// Encodes generic-netlink requests for the IPVS family (and the controller's family lookup):
/// nlmsghdr, genlmsghdr, then attributes; nested service/destination attributes as ipvsadm sends them.
/// Pure (no socket), so the exact bytes are unit-tested.
/// </summary>
internal ref struct IpvsMessageWriter
{
    /// <summary>Ample for one service plus one destination (each well under 200 bytes).</summary>
    public const int MaxLength = 512;

    private readonly Span<byte> _buffer;
    private int _length;

    public IpvsMessageWriter(Span<byte> buffer, ushort familyId, byte command, ushort flags, uint sequence)
    {
        _buffer = buffer;
        _buffer[..(NetlinkMessage.HeaderSize + IpvsGenl.GenlHeaderSize)].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[4..], familyId);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[6..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer[8..], sequence);
        _buffer[NetlinkMessage.HeaderSize] = command;
        _buffer[NetlinkMessage.HeaderSize + 1] = familyId == IpvsGenl.GENL_ID_CTRL ? (byte)1 : IpvsGenl.Version;
        _length = NetlinkMessage.HeaderSize + IpvsGenl.GenlHeaderSize;
    }

    /// <summary>Sets nlmsg_len and returns the finished message.</summary>
    public readonly ReadOnlySpan<byte> Finish()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _buffer[.._length];
    }

    public void Attribute(ushort type, scoped ReadOnlySpan<byte> value) => _length = RouteAttribute.Write(_buffer, _length, type, value);

    public void UInt16(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(v, value);
        Attribute(type, v);
    }

    public void UInt16BigEndian(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(v, value);
        Attribute(type, v);
    }

    public void UInt32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(v, value);
        Attribute(type, v);
    }

    /// <summary>A NUL-terminated string (NLA_NUL_STRING / NLA_STRING as the kernel's policies expect).</summary>
    public void String(ushort type, string value)
    {
        Span<byte> v = stackalloc byte[Encoding.ASCII.GetByteCount(value) + 1];
        Encoding.ASCII.GetBytes(value, v);
        v[^1] = 0;
        Attribute(type, v);
    }

    /// <summary>union nf_inet_addr: 16 bytes, an IPv4 address in the first four.</summary>
    public void Address(ushort type, IPAddress address)
    {
        Span<byte> v = stackalloc byte[16];
        v.Clear();
        if (!address.TryWriteBytes(v, out _))
        {
            throw new ArgumentException($"cannot encode address {address}", nameof(address));
        }

        Attribute(type, v);
    }

    /// <summary>Opens a nested attribute; returns its offset for <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        int start = _length;
        _length = RouteAttribute.Write(_buffer, _length, (ushort)(type | IpvsGenl.NLA_F_NESTED), []);
        return start;
    }

    public readonly void EndNested(int start) => BinaryPrimitives.WriteUInt16LittleEndian(_buffer[start..], (ushort)(_length - start));

    /// <summary>CTRL_CMD_GETFAMILY "IPVS" to the controller.</summary>
    public static ReadOnlySpan<byte> GetFamily(Span<byte> buffer, uint sequence)
    {
        var writer = new IpvsMessageWriter(buffer, IpvsGenl.GENL_ID_CTRL, IpvsGenl.CTRL_CMD_GETFAMILY, Interop.Netlink.NLM_F_REQUEST | Interop.Netlink.NLM_F_ACK, sequence);
        writer.String(IpvsGenl.CTRL_ATTR_FAMILY_NAME, IpvsGenl.FamilyName);
        return writer.Finish();
    }

    /// <summary>IPVS_CMD_ATTR_SERVICE; <paramref name="full"/> adds scheduler, persistence engine, flags, timeout and netmask (required by NEW/SET).</summary>
    public void Service(IpvsService service, bool full)
    {
        int nest = BeginNested(IpvsGenl.IPVS_CMD_ATTR_SERVICE);
        UInt16(IpvsGenl.IPVS_SVC_ATTR_AF, Family(service.Address));
        if (service.FirewallMark != 0)
        {
            UInt32(IpvsGenl.IPVS_SVC_ATTR_FWMARK, service.FirewallMark);
        }
        else
        {
            UInt16(IpvsGenl.IPVS_SVC_ATTR_PROTOCOL, (ushort)service.Protocol);
            Address(IpvsGenl.IPVS_SVC_ATTR_ADDR, service.Address);
            UInt16BigEndian(IpvsGenl.IPVS_SVC_ATTR_PORT, service.Port);
        }

        if (full)
        {
            if (service.Scheduler.Length is 0 or >= IpvsGenl.SchedulerNameMax)
            {
                throw new ArgumentException($"scheduler name '{service.Scheduler}' must be 1–{IpvsGenl.SchedulerNameMax - 1} characters", nameof(service));
            }

            String(IpvsGenl.IPVS_SVC_ATTR_SCHED_NAME, service.Scheduler);
            if (!string.IsNullOrEmpty(service.PersistenceEngine))
            {
                // Only when set, as libipvs: without the attribute NEW makes (and SET leaves) a service with no engine.
                if (service.PersistenceEngine.Length > IpvsService.PersistenceEngineNameMax)
                {
                    throw new ArgumentException($"persistence engine name '{service.PersistenceEngine}' must be at most {IpvsService.PersistenceEngineNameMax} characters", nameof(service));
                }

                String(IpvsGenl.IPVS_SVC_ATTR_PE_NAME, service.PersistenceEngine);
            }

            Span<byte> flags = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(flags, (uint)service.Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(flags[4..], uint.MaxValue); // mask: every flag as given
            Attribute(IpvsGenl.IPVS_SVC_ATTR_FLAGS, flags);
            UInt32(IpvsGenl.IPVS_SVC_ATTR_TIMEOUT, service.Timeout);
            UInt32(IpvsGenl.IPVS_SVC_ATTR_NETMASK, service.Netmask);
        }

        EndNested(nest);
    }

    /// <summary>IPVS_CMD_ATTR_DEST; <paramref name="full"/> adds method, weight and thresholds (required by NEW/SET).</summary>
    public void Destination(IpvsDestination destination, bool full)
    {
        int nest = BeginNested(IpvsGenl.IPVS_CMD_ATTR_DEST);
        Address(IpvsGenl.IPVS_DEST_ATTR_ADDR, destination.Address);
        UInt16BigEndian(IpvsGenl.IPVS_DEST_ATTR_PORT, destination.Port);
        UInt16(IpvsGenl.IPVS_DEST_ATTR_ADDR_FAMILY, Family(destination.Address));
        if (full)
        {
            UInt32(IpvsGenl.IPVS_DEST_ATTR_FWD_METHOD, (uint)destination.Method);
            UInt32(IpvsGenl.IPVS_DEST_ATTR_WEIGHT, (uint)destination.Weight);
            UInt32(IpvsGenl.IPVS_DEST_ATTR_U_THRESH, destination.UpperThreshold);
            UInt32(IpvsGenl.IPVS_DEST_ATTR_L_THRESH, destination.LowerThreshold);
        }

        EndNested(nest);
    }

    /// <summary>IPVS_CMD_ATTR_DAEMON; <paramref name="full"/> adds everything NEW_DAEMON takes (DEL_DAEMON needs only the role).</summary>
    public void SyncDaemon(IpvsSyncDaemon daemon, bool full)
    {
        int nest = BeginNested(IpvsGenl.IPVS_CMD_ATTR_DAEMON);
        UInt32(IpvsGenl.IPVS_DAEMON_ATTR_STATE, (uint)daemon.Role);
        if (full)
        {
            if (daemon.Interface.Length is 0 or >= IpvsGenl.InterfaceNameMax)
            {
                throw new ArgumentException($"interface name '{daemon.Interface}' must be 1–{IpvsGenl.InterfaceNameMax - 1} characters", nameof(daemon));
            }

            String(IpvsGenl.IPVS_DAEMON_ATTR_MCAST_IFN, daemon.Interface);
            UInt32(IpvsGenl.IPVS_DAEMON_ATTR_SYNC_ID, daemon.SyncId);
            if (daemon.MaxLength != 0)
            {
                UInt16(IpvsGenl.IPVS_DAEMON_ATTR_SYNC_MAXLEN, daemon.MaxLength);
            }

            if (daemon.Group is { } group)
            {
                // MCAST_GROUP is an in_addr (network order), MCAST_GROUP6 an in6_addr.
                Span<byte> bytes = stackalloc byte[16];
                group.TryWriteBytes(bytes, out int written);
                Attribute(written == 4 ? IpvsGenl.IPVS_DAEMON_ATTR_MCAST_GROUP : IpvsGenl.IPVS_DAEMON_ATTR_MCAST_GROUP6, bytes[..written]);
            }

            if (daemon.Port != 0)
            {
                UInt16(IpvsGenl.IPVS_DAEMON_ATTR_MCAST_PORT, daemon.Port);
            }

            if (daemon.Ttl != 0)
            {
                Attribute(IpvsGenl.IPVS_DAEMON_ATTR_MCAST_TTL, [daemon.Ttl]);
            }
        }

        EndNested(nest);
    }

    public static ushort Family(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6
        ? (ushort)Interop.AddressFamilies.AF_INET6
        : (ushort)Interop.AddressFamilies.AF_INET;
}
