using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// UDP_CHECK's probe (check_udp.c, layer4.c udp_socket_state): a connected datagram socket sends the payload; an
/// ICMP error (ECONNREFUSED on receive) is a failure; silence until connect_timeout is a success unless
/// require_reply; a reply must be min–max bytes long and match the reply pattern over the shorter of the two.
/// </summary>
internal sealed class UdpProbe : IHealthProbe
{
    private readonly UdpCheck _check;
    private readonly IPEndPoint _target;
    private readonly CheckSocketFactory _sockets;
    private readonly byte[] _payload;
    private readonly byte[] _reply;
    private readonly byte[] _mask;
    private readonly byte[] _buffer;

    public UdpProbe(UdpCheck check, IPEndPoint target, CheckSocketFactory sockets)
    {
        _check = check;
        _target = target;
        _sockets = sockets;
        // keepalived's default: 32 bytes of its own filler.
        _payload = check.Payload is { } hex ? Convert.FromHexString(hex) : [.. "keepalived UDP_CHECK probe data."u8];
        string pattern = check.Reply ?? string.Empty;
        _reply = Convert.FromHexString(pattern.Replace('x', '0'));
        _mask = Convert.FromHexString(string.Concat(pattern.Select(c => c == 'x' ? '0' : 'f')));
        _buffer = new byte[check.MaxReplyLength + 1];
        Name = $"UDP_CHECK {target}";
    }

    public string Name { get; }

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        using Socket socket = _sockets(_target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(_check.Timing.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_target, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(_payload, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            int length = await socket.ReceiveAsync(_buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            if (!_check.RequireReply)
            {
                return ProbeResult.Success($"UDP reply from {_target}");
            }

            return Matches(_buffer.AsSpan(0, length)) is { } mismatch ? ProbeResult.Failure(mismatch) : ProbeResult.Success($"UDP reply from {_target} matches");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return _check.RequireReply
                ? ProbeResult.Failure($"no UDP reply from {_target} within {_check.Timing.ConnectTimeout.TotalSeconds:0.###} s")
                : ProbeResult.Success($"no ICMP error from {_target}");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failure($"UDP to {_target}: {(e.SocketErrorCode == SocketError.ConnectionRefused ? "ICMP port unreachable" : TcpProbe.Describe(e))}");
        }
    }

    /// <summary>keepalived check_udp_reply: the length within bounds, then the pattern over the shorter of reply and pattern.</summary>
    private string? Matches(ReadOnlySpan<byte> reply)
    {
        if (reply.Length < _check.MinReplyLength || reply.Length > _check.MaxReplyLength)
        {
            return $"reply of {reply.Length} bytes, outside {_check.MinReplyLength}–{_check.MaxReplyLength}";
        }

        int count = Math.Min(reply.Length, _reply.Length);
        for (int i = 0; i < count; i++)
        {
            if (((reply[i] ^ _reply[i]) & _mask[i]) != 0)
            {
                return $"reply differs from the pattern at byte {i}";
            }
        }

        return null;
    }
}
