using System.Net.Sockets;
using System.Text.Json;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Control;

/// <summary>The client side of the control protocol (used by <c>vigil status</c>, <c>vigil lab</c> and tests).</summary>
public static class ControlClient
{
    public const string DefaultSocketPath = "/run/vigil/vigil.sock";

    /// <summary>Why a request failed, for the error line: a missing socket says so instead of the socket error's text.</summary>
    public static string DescribeFailure(string socketPath, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is SocketException { SocketErrorCode: SocketError.AccessDenied }
            ? "permission denied (only root and the daemon's --control-group may connect)"
            : File.Exists(socketPath) ? exception.Message : "no such socket";
    }

    /// <summary>Sends one request and reads its one-line answer; throws <see cref="SocketException"/> / <see cref="IOException"/> on transport errors.</summary>
    public static async Task<ControlResponse> RequestAsync(string socketPath, string op, CancellationToken cancellationToken)
    {
        byte[] request = JsonSerializer.SerializeToUtf8Bytes(new ControlRequest(op), StatusJsonContext.Default.ControlRequest);
        ArraySegment<byte> answer = await ExchangeLineAsync(socketPath, request, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(answer, StatusJsonContext.Default.ControlResponse)
            ?? throw new IOException("empty control answer");
    }

    /// <summary>
    /// The transport of a line protocol on a Unix socket (this one, and `vigil lab`'s): connects, sends
    /// <paramref name="request"/> plus a newline, and returns the answer up to its newline (bounded by
    /// <see cref="ControlProtocol.MaxResponseBytes"/>).
    /// </summary>
    public static async Task<ArraySegment<byte>> ExchangeLineAsync(string socketPath, byte[] request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(request.Append((byte)'\n').ToArray(), SocketFlags.None, cancellationToken).ConfigureAwait(false);

        using var received = new MemoryStream();
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
            received.Write(buffer, 0, newline < 0 ? read : newline);
            if (newline >= 0)
            {
                break;
            }

            if (read == 0)
            {
                throw new IOException("the other end closed the connection without an answer");
            }

            if (received.Length > ControlProtocol.MaxResponseBytes)
            {
                throw new IOException($"answer longer than {ControlProtocol.MaxResponseBytes} bytes");
            }
        }

        return new ArraySegment<byte>(received.GetBuffer(), 0, (int)received.Length);
    }
}
