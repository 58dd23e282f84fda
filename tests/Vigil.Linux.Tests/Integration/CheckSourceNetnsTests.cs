using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Checking;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// A checker's source (bindto, bind_port, bind_if, fwmark) on real sockets: the director namespace holds 192.0.2.1
/// (its primary address, the default source) and 192.0.2.2; the real server's namespace answers only what its routes,
/// firewall marks or nginx's allow rules let through. TCP_CHECK runs on the engine's thread, the others as probes.
/// No alpha: every real server starts in the table and a failed check takes it out ("del").
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CheckSourceNetnsTests
{
    private const string Timing = "delay_loop 0.2\nwarmup 0\nconnect_timeout 0.5\nretry 0\nlb_algo rr";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(6);

    [SkippableFact]
    public void TcpCheck_Bindto_UpOnlyFromTheAddressTheServerAccepts()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("csb");
        (LabNode director, LabNode real) = Nodes(lab);
        real.Ip("route", "add", "blackhole", "192.0.2.1/32"); // the real server cannot answer the director's primary address
        using var peers = new PeerRecorder(real, 8080);
        var table = new RecordingIpvsTable();
        using LvsController controller = Start(director, table, """
            real_server 192.0.2.11 8081 {
                TCP_CHECK {
                    connect_port 8080
                    bindto 192.0.2.2
                }
            }
            real_server 192.0.2.11 8082 {
                TCP_CHECK {
                    connect_port 8080
                }
            }
            real_server 192.0.2.11 8083 {
                TCP_CHECK {
                    connect_port 8080
                    bindto 192.0.2.1
                }
            }
            """);

        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8082") && table.Has("del 192.0.2.11:8083"), "the checks from 192.0.2.1 fail", table);
        PeerRecorder.Within(() => peers.Saw(p => p.Address.ToString() == "192.0.2.2"), "a connection from 192.0.2.2", peers);
        Thread.Sleep(600);
        Assert.False(table.Has("del 192.0.2.11:8081"), "the check bound to 192.0.2.2 failed: " + table);
    }

    [SkippableFact]
    public void TcpCheck_BindPort_ServerSeesThatSourcePort()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("csp");
        (LabNode director, LabNode real) = Nodes(lab);
        using var peers = new PeerRecorder(real, 8080);
        var table = new RecordingIpvsTable();
        using LvsController controller = Start(director, table, """
            real_server 192.0.2.11 8080 {
                TCP_CHECK {
                    bindto 192.0.2.2
                    bind_port 40123
                }
            }
            """);

        // the check's socket lingers 0 s, so its close frees the port at once for the next check
        PeerRecorder.Within(() => peers.Count(p => p.ToString() == "192.0.2.2:40123") >= 3, "three checks from 192.0.2.2:40123", peers);
        Assert.DoesNotContain(peers.All, p => p.ToString() != "192.0.2.2:40123");
        Assert.False(table.Has("del 192.0.2.11:8080"), table.ToString());
    }

    [SkippableFact]
    public void TcpCheck_BindIf_ConnectsOnlyThroughThatInterface_AMissingOneMakesNoVerdict()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("csi");
        (LabNode director, LabNode real) = Nodes(lab);
        string dummy = DeadEnd(director, lab.Prefix);
        using var peers = new PeerRecorder(real, 8080);
        var table = new RecordingIpvsTable();
        using LvsController controller = Start(director, table, $$"""
            real_server 192.0.2.11 8081 {
                TCP_CHECK {
                    connect_port 8080
                    bind_if {{director.Interface}}
                }
            }
            real_server 192.0.2.11 8082 {
                TCP_CHECK {
                    connect_port 8080
                    bind_if {{dummy}}
                }
            }
            real_server 192.0.2.11 8083 {
                TCP_CHECK {
                    connect_port 8080
                    bind_if {{lab.Prefix}}nx
                }
            }
            """);

        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8082"), "the check bound to the dead-end interface fails", table);
        PeerRecorder.Within(() => peers.Saw(p => p.Address.ToString() == "192.0.2.1"), "a connection through the veth", peers);
        Thread.Sleep(1000);
        Assert.False(table.Has("del 192.0.2.11:8081"), "the check bound to the veth failed: " + table);
        // keepalived: a socket it cannot bind to the interface is no verdict, the real server keeps its state
        Assert.False(table.Has("del 192.0.2.11:8083"), "a missing interface took the server out: " + table);
        Assert.Equal("UP", controller.Snapshot()[0].RealServers[2].State);
    }

    [SkippableFact]
    public void TcpCheck_Fwmark_MarkedChecksFollowTheMarksRoutingRule()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("csm");
        (LabNode director, LabNode real) = Nodes(lab);
        MarkSevenUnreachable(director, "192.0.2.11");
        using var peers = new PeerRecorder(real, 8080);
        var table = new RecordingIpvsTable();
        using LvsController controller = Start(director, table, """
            real_server 192.0.2.11 8081 {
                TCP_CHECK {
                    connect_port 8080
                }
            }
            real_server 192.0.2.11 8082 {
                TCP_CHECK {
                    connect_port 8080
                    fwmark 7
                }
            }
            real_server 192.0.2.11 8083 {
                TCP_CHECK {
                    connect_port 8080
                    fwmark 8
                }
            }
            """);

        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8082"), "the check marked 7 meets the unreachable route", table);
        Thread.Sleep(600);
        Assert.False(table.Has("del 192.0.2.11:8081") || table.Has("del 192.0.2.11:8083"), "an unmarked or otherwise marked check failed: " + table);
        Assert.True(peers.Count(_ => true) >= 2, "the other checks connected");
    }

    [SkippableFact]
    public void HttpGet_BindtoBindPortBindIfFwmark_NginxAllowingOnlyThatSourceAnswers()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        using NetnsLab lab = NetnsLab.Create("csh");
        (LabNode director, LabNode real) = Nodes(lab);
        string dummy = DeadEnd(director, lab.Prefix);
        MarkSevenUnreachable(director, "192.0.2.11");
        using NginxProcess nginx = NginxProcess.Start(real, """
            log_format source '$remote_addr:$remote_port';
            server { listen 8080; access_log access.log source; root www; allow 192.0.2.2; deny all; }
            """, 8080);
        nginx.Write("health", "ok\n"); // a file, not 'return': return answers before nginx's access phase applies deny
        var table = new RecordingIpvsTable();
        string url = "url {\npath /health\n}";
        using LvsController controller = Start(director, table, $$"""
            real_server 192.0.2.11 8081 {
                HTTP_GET {
                    {{url}}
                    connect_port 8080
                    bindto 192.0.2.2
                    bind_port 40124
                    bind_if {{director.Interface}}
                    fwmark 8
                }
            }
            real_server 192.0.2.11 8082 {
                HTTP_GET {
                    {{url}}
                    connect_port 8080
                }
            }
            real_server 192.0.2.11 8083 {
                HTTP_GET {
                    {{url}}
                    connect_port 8080
                    bindto 192.0.2.2
                    fwmark 7
                }
            }
            real_server 192.0.2.11 8084 {
                HTTP_GET {
                    {{url}}
                    connect_port 8080
                    bindto 192.0.2.2
                    bind_if {{dummy}}
                }
            }
            """);

        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8082"), "nginx refuses 192.0.2.1 (403)", table);
        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8083"), "the check marked 7 meets the unreachable route", table);
        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:8084"), "the check bound to the dead-end interface does not reach nginx", table);
        Assert.False(table.Has("del 192.0.2.11:8081"), "the check from 192.0.2.2:40124 through the veth failed: " + table);
        string log = File.ReadAllText(Path.Combine(nginx.Directory, "access.log"));
        Assert.Contains("192.0.2.2:40124", log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SmtpUdpDns_BindtoBindPortFwmark_ServerSeesThatSource()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("cso");
        (LabNode director, LabNode real) = Nodes(lab);
        MarkSevenUnreachable(director, "192.0.2.0/24");
        using var smtp = new SmtpUdpCheckerNetnsTests.SmtpGreeter(real, 2525);
        using var udp = new SmtpUdpCheckerNetnsTests.UdpResponder(real, 5300, "ok");
        using var dns = new SmtpUdpCheckerNetnsTests.UdpResponder(real, 5353, null)
        {
            Handler = q =>
            {
                byte[] reply = [.. q];
                reply[2] |= 0x80; // QR, RCODE 0
                return reply;
            },
        };
        var table = new RecordingIpvsTable();
        string source = "bindto 192.0.2.2\nbind_port"; // a port each: UDP_CHECK's and DNS_CHECK's datagram sockets may be open at once
        using LvsController controller = Start(director, table, $$"""
            real_server 192.0.2.11 2525 {
                SMTP_CHECK {
                    {{source}} 40125
                }
            }
            real_server 192.0.2.11 5300 {
                UDP_CHECK {
                    {{source}} 40126
                    require_reply 6f6b
                }
            }
            real_server 192.0.2.11 5353 {
                DNS_CHECK {
                    {{source}} 40127
                    name example.org
                }
            }
            real_server 192.0.2.12 2525 {
                SMTP_CHECK {
                    connect_ip 192.0.2.11
                    fwmark 7
                }
            }
            real_server 192.0.2.12 5300 {
                UDP_CHECK {
                    connect_ip 192.0.2.11
                    require_reply 6f6b
                    fwmark 7
                }
            }
            real_server 192.0.2.12 5353 {
                DNS_CHECK {
                    connect_ip 192.0.2.11
                    fwmark 7
                }
            }
            """);

        foreach (int port in new[] { 2525, 5300, 5353 })
        {
            RecordingIpvsTable.Within(s_limit, () => table.Has($"del 192.0.2.12:{port}"), $"the check to port {port} marked 7 meets the unreachable route", table);
        }

        PeerRecorder.Within(() => (smtp.LastPeer, udp.LastPeer, dns.LastPeer) == ("192.0.2.2:40125", "192.0.2.2:40126", "192.0.2.2:40127"),
            "each server hearing from its checker's 192.0.2.2:PORT", null);
        Assert.DoesNotContain("del 192.0.2.11", table.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void PollerBegin_WithBindtoBindIfAndFwmark_SteadyStateAllocatesNothing()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("csa");
        (LabNode director, LabNode real) = Nodes(lab);
        using var peers = new PeerRecorder(real, 8080);
        byte[] target = new byte[28], source = new byte[28];
        int targetLength = TcpConnectPoller.Encode(IPEndPoint.Parse("192.0.2.11:8080"), target);
        int sourceLength = TcpConnectPoller.Encode(IPEndPoint.Parse("192.0.2.2:0"), source);
        byte[] device = System.Text.Encoding.ASCII.GetBytes(director.Interface + "\0");
        (int connected, long allocated, int lastError) = director.InNamespace(() =>
        {
            using var poller = new TcpConnectPoller();
            return LvsCheckerLab.SteadyAllocations(poller, () =>
            {
                poller.Begin(target.AsSpan(0, targetLength), new ConnectSource(source.AsSpan(0, sourceLength), device, 8), 7, out ConnectStart start);
                return start == ConnectStart.InProgress;
            });
        });

        Assert.True(connected == 200, $"{connected} of 200 connects succeeded; last failure errno {lastError}");
        Assert.Equal(0, allocated);
        PeerRecorder.Within(() => peers.Saw(p => p.Address.ToString() == "192.0.2.2"), "connections from 192.0.2.2", peers);
    }

    /// <summary>The lab's director (192.0.2.1, then 192.0.2.2 on the same link) and real server node (192.0.2.11).</summary>
    private static (LabNode Director, LabNode Real) Nodes(NetnsLab lab)
    {
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        director.AddAddress("192.0.2.2/24");
        return (director, real);
    }

    /// <summary>A second interface of the director that leads nowhere: a veth pair with both ends in the director (no dummy module needed).</summary>
    private static string DeadEnd(LabNode director, string prefix)
    {
        string name = prefix + "dd";
        director.Ip("link", "add", name, "type", "veth", "peer", "name", prefix + "de");
        director.Ip("addr", "add", "198.51.100.1/24", "dev", name);
        director.Ip("link", "set", prefix + "de", "up");
        director.Ip("link", "set", name, "up");
        return name;
    }

    /// <summary>Packets marked 7 meet an unreachable route to <paramref name="destination"/> (an 'ip rule fwmark 7' in the director only).</summary>
    private static void MarkSevenUnreachable(LabNode director, string destination)
    {
        director.Ip("rule", "add", "fwmark", "7", "lookup", "100", "pref", "100");
        director.Ip("route", "add", "unreachable", destination, "table", "100");
    }

    /// <summary>Checks the real servers of a virtual server from the director, TCP_CHECK on the engine's thread.</summary>
    private static LvsController Start(LabNode director, RecordingIpvsTable table, string reals) =>
        LvsCheckerLab.Start([LvsCheckerLab.Bind($"virtual_server 203.0.113.10 80 {{\n{Timing}\n{reals}\n}}\n")], table, director, engine: true);

    /// <summary>A TCP listener that accepts, records the peer's address and port, and closes.</summary>
    private sealed class PeerRecorder : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Thread _thread;
        private readonly ConcurrentQueue<IPEndPoint> _peers = new();

        public PeerRecorder(LabNode node, int port)
        {
            _listener = node.InNamespace(() =>
            {
                var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return listener;
            });
            _thread = new Thread(Accept) { IsBackground = true, Name = "peer recorder" };
            _thread.Start();
        }

        public IPEndPoint[] All => [.. _peers];

        public static void Within(Func<bool> condition, string what, PeerRecorder? peers)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!condition())
            {
                Assert.True(clock.Elapsed < s_limit, $"{what} within {s_limit.TotalSeconds} s; peers: {(peers is null ? "-" : string.Join(", ", peers.All.Select(p => p.ToString())))}");
                Thread.Sleep(20);
            }
        }

        public bool Saw(Func<IPEndPoint, bool> match) => _peers.Any(match);

        public int Count(Func<IPEndPoint, bool> match) => _peers.Count(match);

        public void Dispose()
        {
            _listener.Stop();
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        private void Accept()
        {
            try
            {
                while (true)
                {
                    using Socket client = _listener.AcceptSocket();
                    if (client.RemoteEndPoint is IPEndPoint peer)
                    {
                        _peers.Enqueue(peer);
                    }
                }
            }
            catch (SocketException)
            {
                // stopped
            }
            catch (ObjectDisposedException)
            {
                // stopped
            }
        }
    }
}
