using System.Globalization;
using System.Runtime.CompilerServices;

namespace Vigil.Linux.Tests.Unit;

/// <summary>Our interop structs and constants against the C headers (Tmds.LibC ConstantsTests idea).</summary>
public sealed class StructLayoutTests
{
    public static TheoryData<string, int> Sizes => new()
    {
        { "nlmsghdr", Unsafe.SizeOf<Interop.nlmsghdr>() },
        { "nlmsgerr", Unsafe.SizeOf<Interop.nlmsgerr>() },
        { "rtattr", Unsafe.SizeOf<Interop.rtattr>() },
        { "ifaddrmsg", Unsafe.SizeOf<Interop.ifaddrmsg>() },
        { "ifinfomsg", Unsafe.SizeOf<Interop.ifinfomsg>() },
        { "sockaddr_nl", Unsafe.SizeOf<Interop.sockaddr_nl>() },
        { "sockaddr_ll", Unsafe.SizeOf<Interop.sockaddr_ll>() },
        { "sockaddr_in", Unsafe.SizeOf<Interop.sockaddr_in>() },
        { "sockaddr_in6", Unsafe.SizeOf<Interop.sockaddr_in6>() },
        { "in_pktinfo", Unsafe.SizeOf<Interop.in_pktinfo>() },
        { "in6_pktinfo", Unsafe.SizeOf<Interop.in6_pktinfo>() },
        { "ip_mreqn", Unsafe.SizeOf<Interop.ip_mreqn>() },
        { "ipv6_mreq", Unsafe.SizeOf<Interop.ipv6_mreq>() },
        { "iovec", Unsafe.SizeOf<Interop.iovec>() },
        { "msghdr", Unsafe.SizeOf<Interop.msghdr>() },
        { "cmsghdr", Unsafe.SizeOf<Interop.cmsghdr>() },
        { "pollfd", Unsafe.SizeOf<Interop.pollfd>() },
        { "timespec", Unsafe.SizeOf<Interop.timespec>() },
        { "itimerspec", Unsafe.SizeOf<Interop.itimerspec>() },
    };

    [Theory]
    [InlineData("nlmsghdr", 16)]
    [InlineData("ifaddrmsg", 8)]
    [InlineData("ifinfomsg", 16)]
    [InlineData("rtattr", 4)]
    [InlineData("sockaddr_nl", 12)]
    [InlineData("sockaddr_ll", 20)]
    [InlineData("sockaddr_in", 16)]
    [InlineData("sockaddr_in6", 28)]
    [InlineData("in6_pktinfo", 20)]
    [InlineData("msghdr", 56)]
    public void SizeOf_KnownLinuxStruct_MatchesAbi(string name, int expected)
    {
        Assert.Equal(expected, Sizes.Single(row => (string)row[0] == name)[1]);
    }

    [SkippableFact]
    public void SizesAndConstants_ComparedWithCompiledCProgram_AllEqual()
    {
        Skip.IfNot(HostCommand.Exists("gcc"), "gcc is not installed: sizes are only checked against the literal table");
        string directory = Directory.CreateTempSubdirectory("vigil-layout").FullName;
        try
        {
            var program = new System.Text.StringBuilder("""
                #include <stdio.h>
                #include <stddef.h>
                #include <poll.h>
                #include <time.h>
                #include <sys/socket.h>
                #include <sys/timerfd.h>
                #include <sys/eventfd.h>
                #include <netinet/in.h>
                #include <linux/netlink.h>
                #include <linux/rtnetlink.h>
                #include <linux/if_addr.h>
                #include <linux/if_link.h>
                #include <linux/if_packet.h>
                #include <linux/if_ether.h>
                #include <net/if.h>
                int main(void) {
                """);
            foreach (object[] row in Sizes)
            {
                string name = (string)row[0];
                string type = name is "ip_mreqn" or "ipv6_mreq" or "in_pktinfo" or "in6_pktinfo" or "pollfd" or "timespec" or "itimerspec" or "iovec" or "msghdr" or "cmsghdr"
                    || name.StartsWith("sockaddr", StringComparison.Ordinal) || name.StartsWith("nlmsg", StringComparison.Ordinal)
                    || name is "rtattr" or "ifaddrmsg" or "ifinfomsg"
                    ? "struct " + name
                    : name;
                program.Append(CultureInfo.InvariantCulture, $"printf(\"{name} %zu\\n\", sizeof({type}));\n");
            }

            foreach ((string name, long _) in Constants)
            {
                program.Append(CultureInfo.InvariantCulture, $"printf(\"{name} %lld\\n\", (long long)({name}));\n");
            }

            program.Append("return 0; }\n");
            string source = Path.Combine(directory, "layout.c");
            string binary = Path.Combine(directory, "layout");
            File.WriteAllText(source, program.ToString());
            HostCommand.Must("gcc", "-D_GNU_SOURCE", "-o", binary, source);
            Dictionary<string, long> native = HostCommand.Must(binary)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' '))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));

            foreach (object[] row in Sizes)
            {
                Assert.True(native[(string)row[0]] == (int)row[1], $"sizeof({row[0]}): C says {native[(string)row[0]]}, we say {row[1]}");
            }

            foreach ((string name, long value) in Constants)
            {
                Assert.True(native[name] == value, $"{name}: C says {native[name]}, we say {value}");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (string Name, long Value)[] Constants =>
    [
        ("AF_NETLINK", Interop.AddressFamilies.AF_NETLINK),
        ("AF_PACKET", Interop.AddressFamilies.AF_PACKET),
        ("AF_INET6", Interop.AddressFamilies.AF_INET6),
        ("SOCK_CLOEXEC", Interop.SocketTypes.SOCK_CLOEXEC),
        ("SO_BINDTODEVICE", Interop.SocketOptions.SO_BINDTODEVICE),
        ("IP_PKTINFO", Interop.SocketOptions.IP_PKTINFO),
        ("IP_MULTICAST_IF", Interop.SocketOptions.IP_MULTICAST_IF),
        ("IP_MULTICAST_TTL", Interop.SocketOptions.IP_MULTICAST_TTL),
        ("IP_MULTICAST_LOOP", Interop.SocketOptions.IP_MULTICAST_LOOP),
        ("IP_ADD_MEMBERSHIP", Interop.SocketOptions.IP_ADD_MEMBERSHIP),
        ("IP_MULTICAST_ALL", Interop.SocketOptions.IP_MULTICAST_ALL),
        ("IPV6_CHECKSUM", Interop.SocketOptions.IPV6_CHECKSUM),
        ("IPV6_UNICAST_HOPS", Interop.SocketOptions.IPV6_UNICAST_HOPS),
        ("IPV6_MULTICAST_IF", Interop.SocketOptions.IPV6_MULTICAST_IF),
        ("IPV6_MULTICAST_HOPS", Interop.SocketOptions.IPV6_MULTICAST_HOPS),
        ("IPV6_MULTICAST_LOOP", Interop.SocketOptions.IPV6_MULTICAST_LOOP),
        ("IPV6_ADD_MEMBERSHIP", Interop.SocketOptions.IPV6_ADD_MEMBERSHIP),
        ("IPV6_MULTICAST_ALL", Interop.SocketOptions.IPV6_MULTICAST_ALL),
        ("IPV6_RECVPKTINFO", Interop.SocketOptions.IPV6_RECVPKTINFO),
        ("IPV6_PKTINFO", Interop.SocketOptions.IPV6_PKTINFO),
        ("IPV6_RECVHOPLIMIT", Interop.SocketOptions.IPV6_RECVHOPLIMIT),
        ("IPV6_HOPLIMIT", Interop.SocketOptions.IPV6_HOPLIMIT),
        ("MSG_TRUNC", Interop.MessageFlags.MSG_TRUNC),
        ("MSG_DONTWAIT", Interop.MessageFlags.MSG_DONTWAIT),
        ("NLM_F_DUMP", Interop.Netlink.NLM_F_DUMP),
        ("NLM_F_EXCL", Interop.Netlink.NLM_F_EXCL),
        ("NLM_F_CREATE", Interop.Netlink.NLM_F_CREATE),
        ("RTM_NEWADDR", Interop.Netlink.RTM_NEWADDR),
        ("RTM_DELADDR", Interop.Netlink.RTM_DELADDR),
        ("RTM_GETLINK", Interop.Netlink.RTM_GETLINK),
        ("RTMGRP_LINK", Interop.Netlink.RTMGRP_LINK),
        ("IFA_LABEL", Interop.Netlink.IFA_LABEL),
        ("IFA_BROADCAST", Interop.Netlink.IFA_BROADCAST),
        ("IFA_FLAGS", Interop.Netlink.IFA_FLAGS),
        ("IFA_F_NODAD", Interop.Netlink.IFA_F_NODAD),
        ("IFLA_IFNAME", Interop.Netlink.IFLA_IFNAME),
        ("IFLA_OPERSTATE", Interop.Netlink.IFLA_OPERSTATE),
        ("IFF_RUNNING", Interop.Netlink.IFF_RUNNING),
        ("EFD_CLOEXEC", Interop.Files.EFD_CLOEXEC),
        ("TFD_TIMER_ABSTIME", Interop.Files.TFD_TIMER_ABSTIME),
        ("CLOCK_MONOTONIC", Interop.Files.CLOCK_MONOTONIC),
        ("ETH_P_ARP", Interop.Protocols.ETH_P_ARP),
        ("ETH_P_IPV6", Interop.Protocols.ETH_P_IPV6),
    ];
}
