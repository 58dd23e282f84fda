using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// SMTP_CHECK and UDP_CHECK on the host against small servers on real sockets in a lab namespace (an SMTP
/// greeter, a UDP responder); the checkers of a running <see cref="LvsController"/> run in the director namespace.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SmtpUdpCheckerNetnsTests
{
    private const string Timing = "delay_loop 0.2\nwarmup 0\nconnect_timeout 0.5\nretry 1\ndelay_before_retry 0.2\nalpha\nlb_algo rr";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(6);

    [SkippableFact]
    public void SmtpCheck_GreetingAndHelo_UpThenDownOnBadBannerOrHeloAndBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvsm");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 3);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 25 {
                {{Timing}}
                real_server 192.0.2.11 2525 {
                    SMTP_CHECK {
                        helo_name lb.example
                    }
                }
            }
            """);
        using var smtp = new SmtpGreeter(real, 2525);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:2525 w1") == 1, "220 banner and 250 to HELO", table);
        Assert.Contains("HELO lb.example", smtp.Heard, StringComparison.Ordinal);
        Assert.Contains("QUIT", smtp.Heard, StringComparison.Ordinal);
        smtp.Banner = "554";
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:2525") == 1, "a 554 banner takes the server out", table);
        smtp.Banner = "220";
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:2525 w1") == 2, "220 again brings it back", table);
        smtp.HeloReply = "500";
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:2525") == 2, "a 500 to HELO takes it out", table);
    }

    /// <summary>
    /// keepalived 2.2.7's deprecated SMTP_CHECK host blocks: each host is a checker of its own, so the real server is in
    /// while both hosts answer and out while either does not (here one host's server stops listening, then comes back).
    /// </summary>
    [SkippableFact]
    public void SmtpCheck_TwoHostBlocks_DownWhileEitherHostFailsUpWhenBothAnswer()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvsh");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 3);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 25 {
                {{Timing}}
                real_server 192.0.2.11 25 {
                    SMTP_CHECK {
                        helo_name hosts.example
                        host {
                            connect_ip 192.0.2.12
                            connect_port 2525
                        }
                        host {
                            connect_ip 192.0.2.13
                            connect_port 2526
                        }
                    }
                }
            }
            """);
        Assert.Equal(2, server.RealServers[0].Checks.Count);
        using var first = new SmtpGreeter(real, 2525);
        var second = new SmtpGreeter(real, 2526);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);
        try
        {
            RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:25 w1") == 1, "both hosts answer: the real server is in", table);
            Assert.Contains("HELO hosts.example", first.Heard, StringComparison.Ordinal);
            Assert.Contains("HELO hosts.example", second.Heard, StringComparison.Ordinal);

            second.Dispose();
            RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:25") == 1, "the second host stops answering: the real server is out", table);
            Thread.Sleep(600);
            Assert.Equal(1, table.Count("add 192.0.2.11:25 w1")); // the first host alone does not bring it back

            second = new SmtpGreeter(real, 2526);
            RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:25 w1") == 2, "both answer again: back in", table);
        }
        finally
        {
            second.Dispose();
        }
    }

    [SkippableFact]
    public void UdpCheck_RequireReplyPatternAndIcmpUnreachable_AsKeepalived()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvud");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 3);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 53 {
                {{Timing}}
                protocol UDP
                real_server 192.0.2.11 5300 {
                    UDP_CHECK {
                        payload 70696e67
                        require_reply 6fxx
                        min_reply_length 2
                        max_reply_length 4
                    }
                }
                real_server 192.0.2.12 5301 {
                    UDP_CHECK {
                    }
                }
                real_server 192.0.2.13 5302 {
                    UDP_CHECK {
                    }
                }
            }
            """);
        using var responder = new UdpResponder(real, 5300, "ok");
        using var silent = new UdpResponder(real, 5302, null);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:5300 w1") == 1, "'ok' matches 6fxx within 2-4 bytes", table);
        RecordingIpvsTable.Within(s_limit, () => table.Has("add 192.0.2.13:5302 w1"), "silence without require_reply is success", table);
        Assert.Equal("ping", responder.LastPayload);
        responder.Answer = "no";
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:5300") == 1, "'no' does not match 6fxx", table);
        responder.Answer = "okay!";
        Thread.Sleep(600);
        Assert.Equal(1, table.Count("add 192.0.2.11:5300 w1")); // 5 bytes: longer than max_reply_length
        responder.Answer = "oops";
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:5300 w1") == 2, "'oops' matches again", table);
        Assert.False(table.Has("add 192.0.2.12:5301 w1"), "nothing listens on 5301: ICMP port unreachable is a failure: " + table);
    }




    [SkippableFact]
    public void DnsCheck_RcodeDecides_UpThenDownOnServfailAndBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvdn");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 53 {
                {{Timing}}
                protocol UDP
                real_server 192.0.2.11 5353 {
                    DNS_CHECK {
                        type AAAA
                        name www.example.org
                        retry 0
                    }
                }
            }
            """);
        int rcode = 0;
        byte[]? query = null;
        using var dns = new UdpResponder(real, 5353, null)
        {
            Handler = q =>
            {
                query = q;
                byte[] reply = [.. q];
                reply[2] |= 0x80; // QR
                reply[3] = (byte)(0x80 | Volatile.Read(ref rcode)); // RA, RCODE
                return reply;
            },
        };
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:5353 w1") == 1, "NOERROR brings the server in", table);
        byte[] question = [3, (byte)'w', (byte)'w', (byte)'w', 7, .. "example"u8, 3, .. "org"u8, 0, 0, 28, 0, 1];
        Assert.Equal(question, query![12..]);
        Assert.Equal(0x01, query[2]); // RD, as keepalived
        Volatile.Write(ref rcode, 2);
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:5353") == 1, "SERVFAIL takes it out", table);
        Volatile.Write(ref rcode, 0);
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:5353 w1") == 2, "NOERROR again brings it back", table);
    }

    /// <summary>An SMTP greeter: the banner code, then the HELO reply code, then 221 to QUIT; records what it heard and from where.</summary>
    internal sealed class SmtpGreeter : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Thread _thread;
        private readonly StringBuilder _heard = new();

        public SmtpGreeter(LabNode node, int port)
        {
            _listener = node.InNamespace(() =>
            {
                var listener = new TcpListener(IPAddress.Any, port);
                listener.Start();
                return listener;
            });
            _thread = new Thread(Serve) { IsBackground = true, Name = "smtp greeter" };
            _thread.Start();
        }

        public volatile string Banner = "220";

        public volatile string HeloReply = "250";

        /// <summary>The source (address:port) of the last whole conversation.</summary>
        public volatile string? LastPeer;

        public string Heard
        {
            get
            {
                lock (_heard)
                {
                    return _heard.ToString();
                }
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        private void Serve()
        {
            try
            {
                while (true)
                {
                    using Socket client = _listener.AcceptSocket();
                    client.ReceiveTimeout = 2000;
                    try
                    {
                        Talk(client);
                    }
                    catch (SocketException)
                    {
                        // the checker hung up early (a bad banner): next connection
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

        private void Talk(Socket client)
        {
            client.Send(Encoding.ASCII.GetBytes($"{Banner} test.example ESMTP\r\n"));
            string helo = ReadLine(client);
            client.Send(Encoding.ASCII.GetBytes($"{HeloReply} hello\r\n"));
            string quit = ReadLine(client);
            client.Send("221 bye\r\n"u8.ToArray());
            LastPeer = client.RemoteEndPoint?.ToString();
            lock (_heard)
            {
                _heard.Append(helo).Append('|').Append(quit).Append('\n');
            }
        }

        private static string ReadLine(Socket client)
        {
            var line = new StringBuilder();
            byte[] one = new byte[1];
            while (client.Receive(one) == 1 && one[0] != '\n')
            {
                line.Append((char)one[0]);
            }

            return line.ToString().TrimEnd('\r');
        }
    }

    /// <summary>A UDP responder: answers every datagram with <see cref="Answer"/> (none when null); records the last payload and its source.</summary>
    internal sealed class UdpResponder : IDisposable
    {
        private readonly Socket _socket;
        private readonly Thread _thread;
        private volatile bool _stopping;

        public UdpResponder(LabNode node, int port, string? answer)
        {
            Answer = answer;
            _socket = node.InNamespace(() =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
                socket.Bind(new IPEndPoint(IPAddress.Any, port));
                return socket;
            });
            _thread = new Thread(Serve) { IsBackground = true, Name = "udp responder" };
            _thread.Start();
        }

        public volatile string? Answer;

        public volatile string? LastPayload;

        public volatile string? LastPeer;

        /// <summary>When set, answers each datagram with what it returns (none for null) instead of <see cref="Answer"/>.</summary>
        public volatile Func<byte[], byte[]?>? Handler;

        public void Dispose()
        {
            _stopping = true;
            _thread.Join(TimeSpan.FromSeconds(5));
            _socket.Dispose();
        }

        private void Serve()
        {
            byte[] buffer = new byte[1500];
            while (!_stopping)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                try
                {
                    int length = _socket.ReceiveFrom(buffer, ref from);
                    LastPayload = Encoding.ASCII.GetString(buffer, 0, length);
                    LastPeer = from.ToString();
                    if (Handler is { } handler)
                    {
                        if (handler(buffer[..length]) is { } reply)
                        {
                            _socket.SendTo(reply, from);
                        }
                    }
                    else if (Answer is { } answer)
                    {
                        _socket.SendTo(Encoding.ASCII.GetBytes(answer), from);
                    }
                }
                catch (SocketException)
                {
                    // receive timeout: look at _stopping again
                }
            }
        }
    }
}
