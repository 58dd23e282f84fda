namespace Vigil.Linux.Ipvs;

// Values from linux/genetlink.h and linux/ip_vs.h; names match the C macros.
#pragma warning disable CA1707 // native names kept verbatim
internal static class IpvsGenl
{
    public const int NETLINK_GENERIC = 16;
    public const ushort GENL_ID_CTRL = 0x10;
    public const byte CTRL_CMD_GETFAMILY = 3;
    public const ushort CTRL_ATTR_FAMILY_ID = 1;
    public const ushort CTRL_ATTR_FAMILY_NAME = 2;
    public const string FamilyName = "IPVS";
    public const byte Version = 1;
    public const int GenlHeaderSize = 4;
    public const ushort NLA_F_NESTED = 0x8000;

    public const byte IPVS_CMD_NEW_SERVICE = 1;
    public const byte IPVS_CMD_SET_SERVICE = 2;
    public const byte IPVS_CMD_DEL_SERVICE = 3;
    public const byte IPVS_CMD_GET_SERVICE = 4;
    public const byte IPVS_CMD_NEW_DEST = 5;
    public const byte IPVS_CMD_SET_DEST = 6;
    public const byte IPVS_CMD_DEL_DEST = 7;
    public const byte IPVS_CMD_GET_DEST = 8;
    public const byte IPVS_CMD_NEW_DAEMON = 9;
    public const byte IPVS_CMD_DEL_DAEMON = 10;
    public const byte IPVS_CMD_GET_DAEMON = 11;
    public const byte IPVS_CMD_FLUSH = 17;

    public const ushort IPVS_CMD_ATTR_SERVICE = 1;
    public const ushort IPVS_CMD_ATTR_DEST = 2;
    public const ushort IPVS_CMD_ATTR_DAEMON = 3;

    public const ushort IPVS_DAEMON_ATTR_STATE = 1;
    public const ushort IPVS_DAEMON_ATTR_MCAST_IFN = 2;
    public const ushort IPVS_DAEMON_ATTR_SYNC_ID = 3;
    public const ushort IPVS_DAEMON_ATTR_SYNC_MAXLEN = 4;
    public const ushort IPVS_DAEMON_ATTR_MCAST_GROUP = 5;
    public const ushort IPVS_DAEMON_ATTR_MCAST_GROUP6 = 6;
    public const ushort IPVS_DAEMON_ATTR_MCAST_PORT = 7;
    public const ushort IPVS_DAEMON_ATTR_MCAST_TTL = 8;

    /// <summary>IP_VS_IFNAME_MAXLEN, NUL included.</summary>
    public const int InterfaceNameMax = 16;

    public const ushort IPVS_SVC_ATTR_AF = 1;
    public const ushort IPVS_SVC_ATTR_PROTOCOL = 2;
    public const ushort IPVS_SVC_ATTR_ADDR = 3;
    public const ushort IPVS_SVC_ATTR_PORT = 4;
    public const ushort IPVS_SVC_ATTR_FWMARK = 5;
    public const ushort IPVS_SVC_ATTR_SCHED_NAME = 6;
    public const ushort IPVS_SVC_ATTR_FLAGS = 7;
    public const ushort IPVS_SVC_ATTR_TIMEOUT = 8;
    public const ushort IPVS_SVC_ATTR_NETMASK = 9;
    public const ushort IPVS_SVC_ATTR_STATS = 10;
    public const ushort IPVS_SVC_ATTR_PE_NAME = 11;
    public const ushort IPVS_SVC_ATTR_STATS64 = 12;
    public const ushort IPVS_DEST_ATTR_STATS = 10;
    public const ushort IPVS_DEST_ATTR_STATS64 = 12;
    public const ushort IPVS_STATS_ATTR_CONNS = 1;
    public const ushort IPVS_STATS_ATTR_INPKTS = 2;
    public const ushort IPVS_STATS_ATTR_OUTPKTS = 3;
    public const ushort IPVS_STATS_ATTR_INBYTES = 4;
    public const ushort IPVS_STATS_ATTR_OUTBYTES = 5;

    public const ushort IPVS_DEST_ATTR_ADDR = 1;
    public const ushort IPVS_DEST_ATTR_PORT = 2;
    public const ushort IPVS_DEST_ATTR_FWD_METHOD = 3;
    public const ushort IPVS_DEST_ATTR_WEIGHT = 4;
    public const ushort IPVS_DEST_ATTR_U_THRESH = 5;
    public const ushort IPVS_DEST_ATTR_L_THRESH = 6;
    public const ushort IPVS_DEST_ATTR_ACTIVE_CONNS = 7;
    public const ushort IPVS_DEST_ATTR_INACT_CONNS = 8;
    public const ushort IPVS_DEST_ATTR_ADDR_FAMILY = 11;

    /// <summary>IP_VS_SCHEDNAME_MAXLEN, NUL included.</summary>
    public const int SchedulerNameMax = 16;

    /// <summary>The kernel's IP_VS_CONN_F_FWD_MASK: the forwarding method bits of a destination's flags.</summary>
    public const uint ForwardMask = 0x7;
}
