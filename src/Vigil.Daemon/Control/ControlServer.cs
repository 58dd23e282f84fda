using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Serving;
using Vigil.Daemon.Status;
using Vigil.Linux.Control;

namespace Vigil.Daemon.Control;

/// <summary>
/// Serves the control socket off the loop thread: accepts connections, checks the peer's kernel
/// credentials (SO_PEERCRED), reads newline-terminated JSON requests of bounded size and answers
/// each with one JSON line. Status comes from the loop as a snapshot; nothing here touches router
/// state. A malformed, oversized or unauthorised request gets an error reply; no request can throw
/// into the daemon.
/// </summary>
internal sealed partial class ControlServer : IDisposable
{
    private const int MaxConnections = 8;
    private const int MaxRequestsPerConnection = 64;
    private static readonly TimeSpan s_idleTimeout = TimeSpan.FromSeconds(10);

    private readonly ControlAccess _access;
    private readonly Func<CancellationToken, Task<DaemonStatus>> _status;
    private readonly Action<string> _reload;
    private readonly ILogger _logger;
    private readonly BoundedAcceptor _acceptor;

    public ControlServer(Socket listener, ControlAccess access, Func<CancellationToken, Task<DaemonStatus>> status, Action<string> reload, ILogger logger)
    {
        _access = access;
        _status = status;
        _reload = reload;
        _logger = logger;
        _acceptor = new BoundedAcceptor(listener, MaxConnections, ServeAsync, error => Log.AcceptFailed(_logger, error));
    }

    public void Start() => _acceptor.Start();

    public void Dispose() => _acceptor.Dispose();

    /// <summary>Answers one request line from <paramref name="peer"/> (the whole protocol, without the socket; tests call it).</summary>
    public async Task<ControlResponse> HandleAsync(ReadOnlyMemory<byte> line, PeerCredentials peer, CancellationToken cancellationToken)
    {
        if (!_access.MayRead(peer))
        {
            return ControlResponse.Failed($"permission denied: uid {peer.UserId} is neither root nor in the control group");
        }

        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line.Span, StatusJsonContext.Default.ControlRequest);
        }
        catch (JsonException e)
        {
            return ControlResponse.Failed($"bad request: expected one JSON object such as {{\"op\":\"status\"}} ({e.Message})");
        }

        string? op = request?.Op;
        if (!ControlProtocol.IsKnown(op))
        {
            return ControlResponse.Failed($"bad request: unknown op '{op}'; known: {ControlProtocol.Status}, {ControlProtocol.Ping}, {ControlProtocol.Reload}");
        }

        if (ControlProtocol.NeedsRoot(op!) && !_access.MayChange(peer))
        {
            Log.Refused(_logger, op!, peer.UserId, peer.ProcessId);
            return ControlResponse.Failed($"permission denied: '{op}' is for root only (uid {peer.UserId})");
        }

        switch (op)
        {
            case ControlProtocol.Ping:
                return new ControlResponse { Ok = true, Message = "pong" };
            case ControlProtocol.Reload:
                _reload($"control socket (uid {peer.UserId}, pid {peer.ProcessId})");
                return new ControlResponse { Ok = true, Message = "reload requested" };
            default:
                try
                {
                    return new ControlResponse { Ok = true, Status = await _status(cancellationToken).ConfigureAwait(false) };
                }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException or InvalidOperationException)
                {
                    return ControlResponse.Failed("the daemon is stopping or busy; try again");
                }
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
            {
                timeout.CancelAfter(s_idleTimeout);
                PeerCredentials peer = PeerCredentials.Of(client);
                byte[] buffer = new byte[ControlProtocol.MaxRequestBytes + 1];
                int filled = 0;
                for (int served = 0; served < MaxRequestsPerConnection;)
                {
                    int newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
                    if (newline < 0)
                    {
                        if (filled == buffer.Length)
                        {
                            await ReplyAsync(client, ControlResponse.Failed($"bad request: longer than {ControlProtocol.MaxRequestBytes} bytes"), timeout.Token).ConfigureAwait(false);
                            return;
                        }

                        int read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                        continue;
                    }

                    ControlResponse response = await HandleAsync(buffer.AsMemory(0, newline), peer, timeout.Token).ConfigureAwait(false);
                    await ReplyAsync(client, response, timeout.Token).ConfigureAwait(false);
                    served++;
                    filled -= newline + 1;
                    Array.Copy(buffer, newline + 1, buffer, 0, filled);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.ConnectionFailed(_logger, e.GetType().Name, e.Message);
        }
    }

    private static async Task ReplyAsync(Socket client, ControlResponse response, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(response, StatusJsonContext.Default.ControlResponse);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        int sent = 0;
        while (sent < line.Length)
        {
            sent += await client.SendAsync(line.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "control socket: '{Op}' refused to uid {Uid} (pid {Pid}): root only")]
        public static partial void Refused(ILogger logger, string op, uint uid, int pid);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "control socket: accept failed ({Error})")]
        public static partial void AcceptFailed(ILogger logger, SocketError error);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "control socket: connection ended by {Error}: {Detail}")]
        public static partial void ConnectionFailed(ILogger logger, string error, string detail);
    }
}

/// <summary>
/// Who may do what on the control socket: read-only operations for root, the daemon's own user and
/// the control group; changing operations (reload) for root and the daemon's own user only.
/// </summary>
internal sealed record ControlAccess(uint DaemonUserId, uint? ControlGroupId)
{
    public bool MayChange(PeerCredentials peer) => peer.IsRoot || peer.UserId == DaemonUserId;

    public bool MayRead(PeerCredentials peer) => MayChange(peer) || (ControlGroupId is uint group && peer.IsInGroup(group));
}
