using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// SMTP_CHECK's probe (check_smtp.c smtp_engine_thread): the greeting's status must be 220, the answer to
/// <c>HELO name</c> 250; then <c>QUIT</c> and any answer. A status is the line's first three digits followed by a
/// space or the end (keepalived smtp_get_status). Each step bounded by connect_timeout; one 512-byte buffer reused.
/// </summary>
internal sealed class SmtpProbe(SmtpCheck check, IPEndPoint target, CheckSocketFactory sockets) : IHealthProbe
{
    private static readonly byte[] s_quit = "QUIT\r\n"u8.ToArray();
    private readonly byte[] _helo = Encoding.ASCII.GetBytes($"HELO {check.HeloName}\r\n");
    private readonly byte[] _line = new byte[512];

    public string Name { get; } = $"SMTP_CHECK {target}";

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        using Socket socket = sockets(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (await TcpProbe.ConnectOpenAsync(socket, target, check.Timing.ConnectTimeout, stopping).ConfigureAwait(false) is { } notConnected)
        {
            return ProbeResult.Failure(notConnected);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        string step = "greeting";
        try
        {
            int status = await ReadStatusAsync(socket, deadline).ConfigureAwait(false);
            if (status != 220)
            {
                return ProbeResult.Failure($"bad greeting banner (status {status})");
            }

            step = "HELO";
            deadline.CancelAfter(check.Timing.ConnectTimeout);
            await socket.SendAsync(_helo, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            status = await ReadStatusAsync(socket, deadline).ConfigureAwait(false);
            if (status != 250)
            {
                return ProbeResult.Failure($"bad HELO response (status {status})");
            }

            step = "QUIT";
            deadline.CancelAfter(check.Timing.ConnectTimeout);
            await socket.SendAsync(s_quit, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            await ReadStatusAsync(socket, deadline).ConfigureAwait(false);
            return ProbeResult.Success($"SMTP greeting and HELO from {target} succeeded");
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return ProbeResult.Failure($"no {step} answer within {check.Timing.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            return ProbeResult.Failure($"{step}: {TcpProbe.Describe(e)}");
        }
    }

    /// <summary>Reads until a line ends (or 512 bytes), then the status keepalived reads at the start of the buffer; -1 when none.</summary>
    private async Task<int> ReadStatusAsync(Socket socket, CancellationTokenSource deadline)
    {
        int length = 0;
        while (length < _line.Length)
        {
            deadline.CancelAfter(check.Timing.ConnectTimeout);
            int read = await socket.ReceiveAsync(_line.AsMemory(length), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (_line.AsSpan(0, length).Contains((byte)'\n'))
            {
                break;
            }
        }

        return Status(_line.AsSpan(0, length));
    }

    /// <summary>keepalived smtp_get_status: exactly three digits, then a space or the end of the line.</summary>
    public static int Status(ReadOnlySpan<byte> line)
    {
        if (line.Length < 3 || !char.IsAsciiDigit((char)line[0]) || !char.IsAsciiDigit((char)line[1]) || !char.IsAsciiDigit((char)line[2]))
        {
            return -1;
        }

        if (line.Length > 3 && line[3] is not ((byte)' ' or (byte)'\n'))
        {
            return -1;
        }

        return ((line[0] - '0') * 100) + ((line[1] - '0') * 10) + (line[2] - '0');
    }
}
