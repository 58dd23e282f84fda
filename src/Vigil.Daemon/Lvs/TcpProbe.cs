using System.Net;
using System.Net.Sockets;

namespace Vigil.Daemon.Lvs;

/// <summary>TCP_CHECK's probe: a connection that completes within the timeout is success; it is closed at once.</summary>
internal static class TcpProbe
{
    public static async Task<string?> ConnectAsync(IPEndPoint target, TimeSpan timeout, CancellationToken stopping)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
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
