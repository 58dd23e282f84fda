using System.Runtime.InteropServices;

namespace Vigil.Linux;

// Native layouts from <linux/netlink.h>, <linux/rtnetlink.h>, <linux/if_addr.h>, <linux/if_link.h>.
// Netlink is host byte order; fixed-width fields only, sizes asserted in StructLayoutTests.
#pragma warning disable CS8981, IDE1006 // native names kept verbatim (runtime coding-style rule 12)
internal static partial class Interop
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct nlmsghdr
    {
        public uint nlmsg_len;
        public ushort nlmsg_type;
        public ushort nlmsg_flags;
        public uint nlmsg_seq;
        public uint nlmsg_pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct nlmsgerr
    {
        public int error;
        public nlmsghdr msg;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct rtattr
    {
        public ushort rta_len;
        public ushort rta_type;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ifaddrmsg
    {
        public byte ifa_family;
        public byte ifa_prefixlen;
        public byte ifa_flags;
        public byte ifa_scope;
        public uint ifa_index;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ifa_cacheinfo
    {
        public uint ifa_prefered;
        public uint ifa_valid;
        public uint cstamp;
        public uint tstamp;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct ifinfomsg
    {
        public byte ifi_family;
        public byte __ifi_pad;
        public ushort ifi_type;
        public int ifi_index;
        public uint ifi_flags;
        public uint ifi_change;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct sockaddr_nl
    {
        public ushort nl_family;
        public ushort nl_pad;
        public uint nl_pid;
        public uint nl_groups;
    }
}
