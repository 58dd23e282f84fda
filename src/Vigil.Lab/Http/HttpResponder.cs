using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Lab.Topology;

namespace Vigil.Lab.Http;

/// <summary>
/// A tiny HTTP/1.0-style server that answers every request with 200 and a fixed body (the app
/// servers answer their own name, so the client can see both behind nginx). Its listening socket
/// is opened on a thread inside the machine's namespace and stays there; connections are served
/// on the thread pool, each read bounded in size and time.
/// </summary>
public sealed class HttpResponder : IDisposable
{
    private const int MaxRequestBytes = 8192;
    private readonly TcpListener _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private HttpResponder(TcpListener listener, string body)
    {
        _listener = listener;
        byte[] content = Encoding.ASCII.GetBytes(body + "\n");
        _response = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {content.Length}\r\nConnection: close\r\n\r\n"), .. content];
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Listens on <paramref name="port"/> (all addresses of the machine) and answers <paramref name="body"/>.</summary>
    public static HttpResponder Start(LabHost host, int port, string body)
    {
        TcpListener listener = host.InNamespace(() =>
        {
            var l = new TcpListener(IPAddress.Any, port);
            l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            l.Start(512);
            return l;
        });
        return new HttpResponder(listener, body);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener; its exception carries nothing new.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(connection));
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        using (connection)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                byte[] buffer = new byte[MaxRequestBytes];
                int length = 0;
                while (length < buffer.Length && !EndsHeaders(buffer.AsSpan(0, length)))
                {
                    int read = await connection.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                }

                await connection.SendAsync(_response, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A client that went away or stalled: nothing to answer.
            }
        }
    }

    private static bool EndsHeaders(ReadOnlySpan<byte> received) => received.IndexOf("\r\n\r\n"u8) >= 0;
}
