namespace Vigil.Linux;

// Values from the Linux UAPI headers (x86-64/arm64 generic ABI); names match the C macros.
// Checked against a compiled C program in StructLayoutTests where gcc is present.
#pragma warning disable CA1707 // native names kept verbatim
internal static partial class Interop
{
    internal static class AddressFamilies
    {
        internal const int AF_INET = 2;
        internal const int AF_INET6 = 10;
        internal const int AF_NETLINK = 16;
        internal const int AF_PACKET = 17;
    }

    internal static class SocketTypes
    {
        internal const int SOCK_DGRAM = 2;
        internal const int SOCK_RAW = 3;
        internal const int SOCK_NONBLOCK = 0x800;
        internal const int SOCK_CLOEXEC = 0x80000;
    }

    internal static class Protocols
    {
        internal const int IPPROTO_IP = 0;
        internal const int IPPROTO_IPV6 = 41;
        internal const int IPPROTO_ICMPV6 = 58;
        internal const int IPPROTO_VRRP = 112;
        internal const int NETLINK_ROUTE = 0;
        internal const int NETLINK_CONNECTOR = 11;
        internal const ushort ETH_P_ARP = 0x0806;
        internal const ushort ETH_P_IPV6 = 0x86DD;
    }

    internal static class SocketOptions
    {
        internal const int SOL_SOCKET = 1;
        internal const int SOL_NETLINK = 270;
        internal const int NETLINK_ADD_MEMBERSHIP = 1;
        internal const int SO_SNDBUF = 7;
        internal const int SO_RCVBUF = 8;
        internal const int SO_LINGER = 13;
        internal const int SO_BINDTODEVICE = 25;
        internal const int SO_MARK = 36;

        internal const int IP_TTL = 2;
        internal const int IP_PKTINFO = 8;
        internal const int IP_TRANSPARENT = 19;
        internal const int IPV6_TRANSPARENT = 75;
        internal const int IP_MULTICAST_IF = 32;
        internal const int IP_MULTICAST_TTL = 33;
        internal const int IP_MULTICAST_LOOP = 34;
        internal const int IP_ADD_MEMBERSHIP = 35;
        internal const int IP_MULTICAST_ALL = 49;

        internal const int IPV6_CHECKSUM = 7;
        internal const int IPV6_UNICAST_HOPS = 16;
        internal const int IPV6_MULTICAST_IF = 17;
        internal const int IPV6_MULTICAST_HOPS = 18;
        internal const int IPV6_MULTICAST_LOOP = 19;
        internal const int IPV6_ADD_MEMBERSHIP = 20;
        internal const int IPV6_MULTICAST_ALL = 29;
        internal const int IPV6_RECVPKTINFO = 49;
        internal const int IPV6_PKTINFO = 50;
        internal const int IPV6_RECVHOPLIMIT = 51;
        internal const int IPV6_HOPLIMIT = 52;
    }

    internal static class MessageFlags
    {
        internal const int MSG_CTRUNC = 0x8;
        internal const int MSG_TRUNC = 0x20;
        internal const int MSG_DONTWAIT = 0x40;
    }

    internal static class PollEvents
    {
        internal const short POLLIN = 0x1;
        internal const short POLLERR = 0x8;
        internal const short POLLHUP = 0x10;
        internal const short POLLNVAL = 0x20;
    }

    internal static class Netlink
    {
        internal const ushort NLMSG_NOOP = 1;
        internal const ushort NLMSG_ERROR = 2;
        internal const ushort NLMSG_DONE = 3;
        internal const ushort NLMSG_OVERRUN = 4;

        internal const ushort NLM_F_REQUEST = 0x1;
        internal const ushort NLM_F_MULTI = 0x2;
        internal const ushort NLM_F_ACK = 0x4;
        internal const ushort NLM_F_DUMP = 0x300;
        internal const ushort NLM_F_EXCL = 0x200;
        internal const ushort NLM_F_CREATE = 0x400;

        internal const ushort RTM_NEWLINK = 16;
        internal const ushort RTM_DELLINK = 17;
        internal const ushort RTM_GETLINK = 18;
        internal const ushort RTM_NEWADDR = 20;
        internal const ushort RTM_DELADDR = 21;
        internal const ushort RTM_GETADDR = 22;
        internal const ushort RTM_NEWROUTE = 24;
        internal const ushort RTM_DELROUTE = 25;
        internal const ushort RTM_GETROUTE = 26;
        internal const ushort RTM_NEWRULE = 32;
        internal const ushort RTM_DELRULE = 33;
        internal const ushort RTM_GETRULE = 34;

        internal const ushort RTA_DST = 1;
        internal const ushort RTA_SRC = 2;
        internal const ushort RTA_OIF = 4;
        internal const ushort RTA_GATEWAY = 5;
        internal const ushort RTA_PRIORITY = 6;
        internal const ushort RTA_PREFSRC = 7;
        internal const ushort RTA_TABLE = 15;

        internal const ushort FRA_DST = 1;
        internal const ushort FRA_SRC = 2;
        internal const ushort FRA_IIFNAME = 3;
        internal const ushort FRA_PRIORITY = 6;
        internal const ushort FRA_FWMARK = 10;
        internal const ushort FRA_TABLE = 15;
        internal const ushort FRA_FWMASK = 16;
        internal const ushort FRA_OIFNAME = 17;
        internal const ushort FRA_PROTOCOL = 21;
        internal const byte FR_ACT_TO_TBL = 1;

        internal const ushort IFLA_LINK = 5;
        internal const ushort IFLA_MASTER = 10;
        internal const ushort IFLA_LINKINFO = 18;
        internal const ushort IFLA_INFO_KIND = 1;
        internal const ushort IFLA_INFO_DATA = 2;
        internal const ushort IFLA_MACVLAN_MODE = 1;
        internal const uint MACVLAN_MODE_PRIVATE = 1;

        internal const uint RTMGRP_LINK = 0x1;
        internal const uint RTMGRP_IPV4_IFADDR = 0x10;
        internal const uint RTMGRP_IPV6_IFADDR = 0x100;

        // Multicast group numbers for NETLINK_ADD_MEMBERSHIP (IPv6 rules have no legacy RTMGRP bit).
        internal const int RTNLGRP_IPV4_ROUTE = 7;
        internal const int RTNLGRP_IPV4_RULE = 8;
        internal const int RTNLGRP_IPV6_ROUTE = 11;
        internal const int RTNLGRP_IPV6_RULE = 19;

        internal const ushort IFA_ADDRESS = 1;
        internal const ushort IFA_LOCAL = 2;
        internal const ushort IFA_LABEL = 3;
        internal const ushort IFA_BROADCAST = 4;
        internal const ushort IFA_CACHEINFO = 6;
        internal const ushort IFA_FLAGS = 8;

        internal const ushort IFLA_ADDRESS = 1;
        internal const ushort IFLA_IFNAME = 3;
        internal const ushort IFLA_OPERSTATE = 16;

        internal const uint IFA_F_NODAD = 0x02;
        internal const uint IFA_F_HOMEADDRESS = 0x10;
        internal const uint IFA_F_MANAGETEMPADDR = 0x100;
        internal const uint IFA_F_NOPREFIXROUTE = 0x200;
        internal const uint IFA_F_MCAUTOJOIN = 0x400;

        /// <summary>ifa_cacheinfo lifetime meaning "forever".</summary>
        internal const uint INFINITY_LIFE_TIME = 0xFFFFFFFF;

        internal const uint IFF_UP = 0x1;
        internal const uint IFF_RUNNING = 0x40;
        internal const uint IFF_NOARP = 0x80;
        internal const uint IFF_LOWER_UP = 0x10000;

        internal const byte IF_OPER_UP = 6;
    }

    internal static class Files
    {
        internal const int EFD_NONBLOCK = 0x800;
        internal const int EFD_CLOEXEC = 0x80000;
        internal const int TFD_NONBLOCK = 0x800;
        internal const int TFD_CLOEXEC = 0x80000;
        internal const int TFD_TIMER_ABSTIME = 1;
        internal const int CLOCK_MONOTONIC = 1;
        internal const int O_RDONLY = 0;
        internal const int O_CLOEXEC = 0x80000;
        internal const int O_RDWR = 2;
        internal const int O_NOFOLLOW = 0x20000;
        internal const int CLONE_NEWNET = 0x40000000;
    }

    internal static class Errors
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int EAGAIN = 11;
        internal const int EACCES = 13;
        internal const int EEXIST = 17;
        internal const int ENODEV = 19;
        internal const int EINVAL = 22;
        internal const int ENOSYS = 38;
        internal const int EADDRNOTAVAIL = 99;
        internal const int ENOBUFS = 105;
    }
}
