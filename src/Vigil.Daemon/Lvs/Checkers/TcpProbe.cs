using System.Net;
using System.Net.Sockets;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>TCP_CHECK's probe: a connection that completes within the timeout is success; it is closed at once.</summary>
internal sealed class TcpProbe(IPEndPoint target, TimeSpan timeout, CheckSocketFactory sockets) : IHealthProbe
{
    public string Name { get; } = $"TCP_CHECK {target}";

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        string? failure = await ConnectAsync(sockets(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp), target, timeout, stopping).ConfigureAwait(false);
        return failure is null ? ProbeResult.Success($"TCP connection to {target} succeeded") : ProbeResult.Failure(failure);
    }

    /// <summary>Connects <paramref name="socket"/> (which it disposes) to <paramref name="target"/>; null on success, else why not.</summary>
    public static async Task<string?> ConnectAsync(Socket socket, IPEndPoint target, TimeSpan timeout, CancellationToken stopping)
    {
        using Socket owned = socket;
        return await ConnectOpenAsync(owned, target, timeout, stopping).ConfigureAwait(false);
    }

    /// <summary>Connects <paramref name="socket"/> (left open for the caller) within <paramref name="timeout"/>; null on success, else why not.</summary>
    public static async Task<string?> ConnectOpenAsync(Socket socket, IPEndPoint target, TimeSpan timeout, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(target, deadline.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"no connection to {target} within {timeout.TotalSeconds:0.###} s";
        }
        catch (SocketException e)
        {
            return $"connection to {target}: {Describe(e)}";
        }
    }

    public static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.ConnectionReset => "connection reset",
        _ => e.SocketErrorCode.ToString(),
    };
}
