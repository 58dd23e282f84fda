using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// DNS_CHECK's probe (check_dns.c dns_make_query, dns_recv_thread): the query keepalived sends (random id, RD,
/// one question of the type and class IN) on a connected UDP socket; answers with another id or without QR are
/// skipped; the first answer's RCODE decides (0 up); no answer within connect_timeout or an ICMP error is down.
/// </summary>
internal sealed class DnsProbe : IHealthProbe
{
    private readonly DnsCheck _check;
    private readonly IPEndPoint _target;
    private readonly CheckSocketFactory _sockets;
    private readonly byte[] _query;
    private readonly byte[] _answer = new byte[768];

    public DnsProbe(DnsCheck check, IPEndPoint target, CheckSocketFactory sockets)
    {
        _check = check;
        _target = target;
        _sockets = sockets;
        _query = Query(check);
        Name = $"DNS_CHECK {target}";
    }

    public string Name { get; }

    /// <summary>The query with id 0: header (RD, one question), the name as labels, type, class IN.</summary>
    public static byte[] Query(DnsCheck check)
    {
        var query = new List<byte> { 0, 0, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (string label in check.Name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, (byte)(check.Type >> 8), (byte)check.Type, 0, 1]);
        return [.. query];
    }

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        ushort id = (ushort)Random.Shared.Next(0, 65536);
        BinaryPrimitives.WriteUInt16BigEndian(_query, id);
        using Socket socket = _sockets(_target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_check.Timing.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_target, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(_query, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                int length = await socket.ReceiveAsync(_answer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                if (length < 12 || BinaryPrimitives.ReadUInt16BigEndian(_answer) != id || (_answer[2] & 0x80) == 0)
                {
                    continue; // keepalived: not the answer to this query, read on
                }

                int rcode = _answer[3] & 0x0f;
                return rcode == 0 ? ProbeResult.Success($"DNS answer from {_target}") : ProbeResult.Failure($"DNS answer with rcode {rcode}");
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return ProbeResult.Failure($"no DNS answer from {_target} within {_check.Timing.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failure($"DNS to {_target}: {(e.SocketErrorCode == SocketError.ConnectionRefused ? "ICMP port unreachable" : TcpProbe.Describe(e))}");
        }
    }
}
