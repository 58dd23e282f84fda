using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Serving;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Metrics;

/// <summary>
/// A deliberately tiny HTTP/1.1 responder for Prometheus scrapes on a plain <see cref="Socket"/>
/// (no web framework in the daemon): <c>GET /metrics</c> answers with a fresh snapshot from the
/// loop, anything else gets 404/405; one request per connection, bounded header size, a timeout,
/// and a cap on concurrent connections. Runs on thread-pool tasks, never on the loop thread.
/// </summary>
internal sealed partial class MetricsServer : IDisposable
{
    private const int MaxHeaderBytes = 8192;
    private const int MaxConnections = 4;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly Func<CancellationToken, Task<DaemonStatus>> _status;
    private readonly ILogger _logger;
    private readonly BoundedAcceptor _acceptor;

    private MetricsServer(Socket listener, Func<CancellationToken, Task<DaemonStatus>> status, ILogger logger)
    {
        _listener = listener;
        _status = status;
        _logger = logger;
        _acceptor = new BoundedAcceptor(listener, MaxConnections, ServeAsync, error => Log.AcceptFailed(_logger, error));
    }

    public EndPoint LocalEndPoint => _listener.LocalEndPoint!;

    public static MetricsServer Start(IPEndPoint endpoint, Func<CancellationToken, Task<DaemonStatus>> status, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endpoint);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var server = new MetricsServer(listener, status, logger);
        server._acceptor.Start();
        return server;
    }

    public void Dispose() => _acceptor.Dispose();

    /// <summary>Status line and body for a request head (the whole HTTP handling without the socket; tests call it).</summary>
    internal async Task<(string Status, string ContentType, string Body)> RespondAsync(string head, CancellationToken cancellationToken)
    {
        string[] requestLine = head.Split("\r\n", 2)[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return ("400 Bad Request", "text/plain", "bad request\n");
        }

        string path = requestLine[1].Split('?', 2)[0];
        if (path is not ("/metrics" or "/"))
        {
            return ("404 Not Found", "text/plain", "not found: try /metrics\n");
        }

        if (requestLine[0] is not ("GET" or "HEAD"))
        {
            return ("405 Method Not Allowed", "text/plain", "GET /metrics\n");
        }

        try
        {
            DaemonStatus status = await _status(cancellationToken).ConfigureAwait(false);
            return ("200 OK", PrometheusText.ContentType, PrometheusText.Format(status));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return ("503 Service Unavailable", "text/plain", "the daemon is stopping or busy\n");
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                timeout.CancelAfter(s_timeout);
                byte[] buffer = new byte[MaxHeaderBytes];
                int filled = 0;
                int end;
                while ((end = IndexOfHeaderEnd(buffer, filled)) < 0)
                {
                    if (filled == buffer.Length)
                    {
                        await WriteAsync(client, ("431 Request Header Fields Too Large", "text/plain", "request head too large\n"), false, timeout.Token).ConfigureAwait(false);
                        return;
                    }

                    int read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    filled += read;
                }

                string head = Encoding.ASCII.GetString(buffer, 0, end);
                var response = await RespondAsync(head, timeout.Token).ConfigureAwait(false);
                await WriteAsync(client, response, head.StartsWith("HEAD ", StringComparison.Ordinal), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ScrapeFailed(_logger, e.GetType().Name, e.Message);
        }
    }

    private static int IndexOfHeaderEnd(byte[] buffer, int filled) => buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);

    private static async Task WriteAsync(Socket client, (string Status, string ContentType, string Body) response, bool headOnly, CancellationToken cancellationToken)
    {
        byte[] body = Encoding.UTF8.GetBytes(response.Body);
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {response.Status}\r\nContent-Type: {response.ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await client.SendAsync(head, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        if (!headOnly)
        {
            int sent = 0;
            while (sent < body.Length)
            {
                sent += await client.SendAsync(body.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
        }

        client.Shutdown(SocketShutdown.Send);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "metrics: accept failed ({Error})")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Debug, Message = "metrics: scrape ended by {Error}: {Detail}")]
        public static partial void ScrapeFailed(ILogger logger, string error, string detail);
    }
}
