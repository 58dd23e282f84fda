using System.Runtime.InteropServices;

namespace Vigil.Linux;

// Native layouts from <sys/socket.h>, <netinet/in.h>, <linux/if_packet.h>, <poll.h> (x86-64/arm64 LP64).
// Addresses and ports inside sockaddr_* are network byte order; they are kept as raw bytes here.
#pragma warning disable CS8981, IDE1006 // native names kept verbatim (runtime coding-style rule 12)
internal static partial class Interop
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct iovec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct msghdr
    {
        public void* msg_name;
        public uint msg_namelen;
        public iovec* msg_iov;
        public nuint msg_iovlen;
        public void* msg_control;
        public nuint msg_controllen;
        public int msg_flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct cmsghdr
    {
        public nuint cmsg_len;
        public int cmsg_level;
        public int cmsg_type;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_in
    {
        public ushort sin_family;
        public ushort sin_port;
        public fixed byte sin_addr[4];
        public fixed byte sin_zero[8];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_in6
    {
        public ushort sin6_family;
        public ushort sin6_port;
        public uint sin6_flowinfo;
        public fixed byte sin6_addr[16];
        public uint sin6_scope_id;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct sockaddr_ll
    {
        public ushort sll_family;
        public ushort sll_protocol;
        public int sll_ifindex;
        public ushort sll_hatype;
        public byte sll_pkttype;
        public byte sll_halen;
        public fixed byte sll_addr[8];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct in_pktinfo
    {
        public int ipi_ifindex;
        public fixed byte ipi_spec_dst[4];
        public fixed byte ipi_addr[4];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct in6_pktinfo
    {
        public fixed byte ipi6_addr[16];
        public int ipi6_ifindex;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ip_mreqn
    {
        public fixed byte imr_multiaddr[4];
        public fixed byte imr_address[4];
        public int imr_ifindex;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ipv6_mreq
    {
        public fixed byte ipv6mr_multiaddr[16];
        public int ipv6mr_interface;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }
}
