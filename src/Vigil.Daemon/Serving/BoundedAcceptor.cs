using System.Net.Sockets;

namespace Vigil.Daemon.Serving;

/// <summary>
/// The accept loop the control socket and the metrics endpoint share: accepts off the loop thread,
/// serves at most <c>maxConnections</c> clients at once (a flood costs connections, not memory),
/// backs off after an accept error (e.g. EMFILE) instead of spinning, and stops on Dispose.
/// <c>serve</c> owns the client socket and must not throw.
/// </summary>
internal sealed class BoundedAcceptor : IDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, CancellationToken, Task> _serve;
    private readonly Action<SocketError> _acceptFailed;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;

    public BoundedAcceptor(Socket listener, int maxConnections, Func<Socket, CancellationToken, Task> serve, Action<SocketError> acceptFailed)
    {
        _listener = listener;
        _serve = serve;
        _acceptFailed = acceptFailed;
        _slots = new SemaphoreSlim(maxConnections, maxConnections);
    }

    public void Start() => _accepting = Task.Run(AcceptLoopAsync);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _accepting.Wait(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _acceptFailed(e.SocketErrorCode);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }

            if (!_slots.Wait(0))
            {
                client.Dispose();
                continue;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using (client)
            {
                await _serve(client, _stop.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _slots.Release();
        }
    }
}
