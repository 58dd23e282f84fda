using System.Net.Sockets;
using System.Text.Json;
using Vigil.Daemon.Serving;
using Vigil.Linux.Control;

namespace Vigil.Lab.Control;

/// <summary>
/// The running lab's socket, so `vigil lab ACTION` and `vigil lab status` work from another terminal:
/// one JSON request line per connection, one JSON answer line. Root only (the kernel's SO_PEERCRED,
/// not anything the peer says), like the lab itself; the socket file is 0600 in the lab's 0700
/// directory. Requests are bounded in size and time; none can throw into the lab.
/// </summary>
public sealed class LabControlServer : IDisposable
{
    private const int MaxConnections = 4;

    /// <summary>An action such as restore waits for links and daemons: the exchange may take this long.</summary>
    private static readonly TimeSpan s_exchangeTimeout = TimeSpan.FromSeconds(90);

    private readonly LabDriver _driver;
    private readonly BoundedAcceptor _acceptor;

    private LabControlServer(string path, Socket listener, LabDriver driver)
    {
        Path = path;
        _driver = driver;
        _acceptor = new BoundedAcceptor(listener, MaxConnections, ServeAsync, error => driver.Event($"lab socket: accept failed ({error})"));
    }

    public string Path { get; }

    /// <summary>Listens on <paramref name="path"/> (a stale file from a crashed run is replaced) and serves until Dispose.</summary>
    public static LabControlServer Start(string path, LabDriver driver)
    {
        var server = new LabControlServer(path, ControlSocket.Listen(path, controlGroup: null), driver);
        server._acceptor.Start();
        return server;
    }

    /// <summary>Answers one request line from <paramref name="peer"/> (the whole protocol without the socket).</summary>
    public async Task<LabResponse> HandleAsync(ReadOnlyMemory<byte> line, PeerCredentials peer)
    {
        if (!peer.IsRoot)
        {
            return LabResponse.Failed($"permission denied: the lab is root only (uid {peer.UserId}); use sudo");
        }

        LabRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line.Span, LabJson.Default.LabRequest);
        }
        catch (JsonException e)
        {
            return LabResponse.Failed($"bad request: expected one JSON object such as {{\"op\":\"status\"}} ({e.Message})");
        }

        string? op = request?.Op;
        string? node = request?.Node;
        if (node is not null && !LabActions.Nodes.Contains(node))
        {
            return LabResponse.Failed($"bad request: no node '{node}' (known: {string.Join(", ", LabActions.Nodes)})");
        }

        switch (op)
        {
            case LabProtocol.Status:
                return new LabResponse { Ok = true, Status = _driver.Report() };
            case LabProtocol.Quit:
                _driver.RequestQuit($"vigil lab quit (pid {peer.ProcessId})");
                return new LabResponse { Ok = true, Message = "the lab is quitting and removing everything it created" };
        }

        if (LabActions.Named(op) is not { } action)
        {
            return LabResponse.Failed($"bad request: unknown op '{op}'; known: {string.Join(", ", LabProtocol.Operations)}");
        }

        try
        {
            string what = await _driver.PerformAsync(action, node, s_exchangeTimeout / 2).ConfigureAwait(false);
            return new LabResponse { Ok = true, Message = "done: " + what, Status = _driver.Report() };
        }
        catch (LabException e)
        {
            return LabResponse.Failed(e.Message);
        }
    }

    public void Dispose()
    {
        _acceptor.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The lab's directory is removed next anyway.
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken stopping)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            timeout.CancelAfter(s_exchangeTimeout);
            PeerCredentials peer = PeerCredentials.Of(client);
            LabResponse response = await ReadLineAsync(client, timeout.Token).ConfigureAwait(false) is { } line
                ? await HandleAsync(line, peer).ConfigureAwait(false)
                : LabResponse.Failed($"bad request: no newline within {LabProtocol.MaxRequestBytes} bytes");
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(response, LabJson.Default.LabResponse);
            await client.SendAsync(json.Append((byte)'\n').ToArray(), SocketFlags.None, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer left or took too long: nobody to answer.
        }
    }

    /// <summary>The request up to its newline, or null when none came within <see cref="LabProtocol.MaxRequestBytes"/> (or the peer closed).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadLineAsync(Socket client, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[LabProtocol.MaxRequestBytes];
        int filled = 0;
        while (filled < buffer.Length)
        {
            int read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            int newline = Array.IndexOf(buffer, (byte)'\n', filled, read);
            filled += read;
            if (newline >= 0)
            {
                return buffer.AsMemory(0, newline);
            }
        }

        return null;
    }
}
