using System.Net;
using System.Net.Sockets;

namespace Vigil.Daemon.Lvs;

/// <summary>TCP_CHECK's probe: a connection that completes within the timeout is success; it is closed at once.</summary>
internal static class TcpProbe
{
    public static Socket NewSocket(AddressFamily family) => new(family, SocketType.Stream, ProtocolType.Tcp);

    /// <summary>Connects <paramref name="socket"/> (which it disposes) to <paramref name="target"/>; null on success, else why not.</summary>
    public static async Task<string?> ConnectAsync(Socket socket, IPEndPoint target, TimeSpan timeout, CancellationToken stopping)
    {
        using Socket owned = socket;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            await owned.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"no connection within {timeout.TotalSeconds:0.###} s";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                _ => e.SocketErrorCode.ToString(),
            };
        }
    }
}
