using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Checking;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// PING_CHECK against a real peer: a running <see cref="LvsController"/> whose check engine runs in a lab "director"
/// namespace echoes a real-server namespace over IPv4 and IPv6 from unprivileged ICMP datagram sockets (the director's
/// net.ipv4.ping_group_range widened as keepalived does and given back at stop; the host's untouched).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PingCheckNetnsTests
{
    private const string Timing = "delay_loop 0.2\nwarmup 0\nconnect_timeout 0.3\nretry 1\ndelay_before_retry 0.2\nalpha\nlb_algo rr";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(8);

    [SkippableFact]
    public void PingCheck_Ipv4AndIpv6_AddressRemovedOrLinkDownTakesTheServerOutAndBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvpg");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        director.AddAddress("2001:db8::1/64");
        real.AddAddress("2001:db8::11/64");
        real.Exec("sysctl", "-q", "-w", $"net.ipv6.conf.{real.Interface}.keep_addr_on_down=1"); // the link-down step keeps the address
        string hostRange = File.ReadAllText(PingGroupRange.ProcPath);
        string directorRange = director.Exec("cat", PingGroupRange.ProcPath);
        VirtualServer v4 = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 80 {
                {{Timing}}
                real_server 192.0.2.11 80 {
                    PING_CHECK {
                    }
                }
            }
            """);
        VirtualServer v6 = LvsCheckerLab.Bind($$"""
            virtual_server 2001:db8:1::10 80 {
                {{Timing}}
                real_server 2001:db8::11 80 {
                    PING_CHECK {
                    }
                }
            }
            """);
        var table = new RecordingIpvsTable();
        using (LvsController controller = LvsCheckerLab.Start([v4, v6], table, director, engine: true))
        {
            RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 1, "an IPv4 echo reply brings the server in", table);
            RecordingIpvsTable.Within(s_limit, () => table.Count("add [2001:db8::11]:80 w1") == 1, "an ICMPv6 echo reply brings the server in", table);
            Assert.Equal("PING_CHECK up", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));
            Assert.Equal((0u, PingGroupRange.Parse(directorRange)?.Max), PingGroupRange.Parse(director.Exec("cat", PingGroupRange.ProcPath)) is { } r ? (r.Min, (uint?)r.Max) : default);

            real.Ip("addr", "del", "192.0.2.11/24", "dev", real.Interface);
            RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:80") == 1, "the IPv4 address removed: no reply, out after retry", table);
            Assert.Equal(0, table.Count("del [2001:db8::11]:80"));
            real.AddAddress("192.0.2.11/24");
            RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 2, "the IPv4 address back: in again", table);

            real.Ip("addr", "del", "2001:db8::11/64", "dev", real.Interface);
            RecordingIpvsTable.Within(s_limit, () => table.Count("del [2001:db8::11]:80") == 1, "the IPv6 address removed: out", table);
            real.AddAddress("2001:db8::11/64");
            RecordingIpvsTable.Within(s_limit, () => table.Count("add [2001:db8::11]:80 w1") == 2, "the IPv6 address back: in again", table);

            real.Ip("link", "set", real.Interface, "down");
            RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:80") == 2 && table.Count("del [2001:db8::11]:80") == 2, "the real server's link down: both out", table);
            real.Ip("link", "set", real.Interface, "up");
            RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 3 && table.Count("add [2001:db8::11]:80 w1") == 3, "its link up: both in again", table);
        }

        Assert.Equal(directorRange, director.Exec("cat", PingGroupRange.ProcPath)); // given back at stop
        Assert.Equal(hostRange, File.ReadAllText(PingGroupRange.ProcPath));
    }

    [SkippableFact]
    public void PollerEcho_SteadyState_AllocatesNothing()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvpa");
        (LabNode director, _) = LvsCheckerLab.Nodes(lab, 1);
        byte[] address = new byte[28];
        int length = TcpConnectPoller.Encode(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.11"), 0), address);
        (int replies, long allocated, int lastError) = director.InNamespace(() =>
        {
            PingGroupRange.Widen();
            using var poller = new TcpConnectPoller();
            return LvsCheckerLab.SteadyAllocations(poller, () => poller.BeginEcho(address.AsSpan(0, length), 7) >= 0);
        });

        Assert.True(replies == 200, $"{replies} of 200 echoes answered; last failure errno {lastError}");
        Assert.Equal(0, allocated);
    }
}
