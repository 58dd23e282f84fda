using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// HTTP_GET/SSL_GET's probe: each url in turn on a fresh connection (TLS for SSL_GET, the certificate not
/// verified, as keepalived sets no verify mode; the SSL block's client certificate sent when asked), the request keepalived sends, the response read to
/// the end with connect_timeout per operation; up when every url answers with an accepted status and, when a
/// digest is set, the MD5 of the body, and when a regex is set, a body it matches (or not, with regex_no_match).
/// One buffer and hash per checker, reused.
/// </summary>
internal sealed class HttpProbe : IHealthProbe, IDisposable
{
    private readonly HttpCheck _check;
    private readonly IPEndPoint _target;
    private readonly CheckSocketFactory _sockets;
    private readonly (HttpUrl Url, byte[] Request, byte[]? Digest, BodyRegexMatcher? Regex)[] _urls;
    private readonly HttpResponseReader _reader;
    private readonly byte[] _body = new byte[4096];

    public HttpProbe(HttpCheck check, IPEndPoint target, CheckSocketFactory sockets)
    {
        _check = check;
        _target = target;
        _sockets = sockets;
        _urls = [.. check.Urls.Select(u => (u, HttpRequest.Build(check, u, target), u.Digest is null ? null : Convert.FromHexString(u.Digest),
            u.Regex is null ? null : new BodyRegexMatcher(u.Regex)))];
        _reader = new HttpResponseReader(check.Urls.Any(u => u.Regex is not null) ? BodyRegexMatcher.SubjectLimit : 0);
        Name = $"{check.Kind} {target}";
    }

    public string Name { get; }

    public async ValueTask<ProbeResult> ProbeAsync(CancellationToken stopping)
    {
        foreach ((HttpUrl url, byte[] request, byte[]? digest, BodyRegexMatcher? regex) in _urls)
        {
            string? failure = await GetAsync(url, request, digest, stopping).ConfigureAwait(false) ?? regex?.Failure(_reader.Kept);
            if (failure is not null)
            {
                return ProbeResult.Failure($"{url.Path}: {failure}");
            }
        }

        return ProbeResult.Success(_urls.Length == 1 ? $"{_check.Kind} {_urls[0].Url.Path} succeeded" : $"{_check.Kind} of {_urls.Length} urls succeeded");
    }

    public void Dispose() => _reader.Dispose();

    private async Task<string?> GetAsync(HttpUrl url, byte[] request, byte[]? digest, CancellationToken stopping)
    {
        Socket socket = _sockets(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (await TcpProbe.ConnectOpenAsync(socket, _target, _check.Timing.ConnectTimeout, stopping).ConfigureAwait(false) is { } notConnected)
        {
            socket.Dispose();
            return notConnected;
        }

        using var network = new NetworkStream(socket, ownsSocket: true);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        Stream stream = network;
        SslStream? tls = null;
        string step = "TLS handshake";
        try
        {
            if (_check.Ssl)
            {
                X509Certificate2? client = null;
                if (_check.ClientCertificate is { } settings)
                {
                    (client, string? error) = ClientCertificates.Load(settings);
                    if (client is null)
                    {
                        return error;
                    }
                }

                tls = new SslStream(network, leaveInnerStreamOpen: true);
                stream = tls;
                deadline.CancelAfter(_check.Timing.ConnectTimeout);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = _check.EnableSni ? url.VirtualHost ?? _check.SniHost ?? string.Empty : string.Empty,
                    RemoteCertificateValidationCallback = static (_, _, _, _) => true,
                    ClientCertificates = client is null ? null : [client],
                    LocalCertificateSelectionCallback = client is null ? null : (_, _, _, _, _) => client,
                }, deadline.Token).ConfigureAwait(false);
            }

            step = "request";
            deadline.CancelAfter(_check.Timing.ConnectTimeout);
            await stream.WriteAsync(request, deadline.Token).ConfigureAwait(false);
            step = "response";
            return await ReadAsync(stream, url, digest, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"no {step} within {_check.Timing.ConnectTimeout.TotalSeconds:0.###} s";
        }
        catch (Exception e) when (e is IOException or SocketException or System.Security.Authentication.AuthenticationException)
        {
            return $"{step} failed: {(e.InnerException as SocketException ?? e as SocketException) switch { { } s => TcpProbe.Describe(s), null => e.Message }}";
        }
        finally
        {
            if (tls is not null)
            {
                await tls.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<string?> ReadAsync(Stream stream, HttpUrl url, byte[]? digest, CancellationTokenSource deadline)
    {
        _reader.Reset();
        while (true)
        {
            deadline.CancelAfter(_check.Timing.ConnectTimeout);
            int read;
            if (!_reader.HeaderComplete)
            {
                Memory<byte> space = _reader.HeaderSpace;
                read = space.IsEmpty ? 0 : await stream.ReadAsync(space, deadline.Token).ConfigureAwait(false);
                if (read > 0)
                {
                    _reader.HeaderRead(read);
                }
            }
            else
            {
                read = await stream.ReadAsync(_body, deadline.Token).ConfigureAwait(false);
                _reader.Body(_body.AsSpan(0, read));
            }

            if (read == 0)
            {
                break;
            }
        }

        if (!_reader.HeaderComplete)
        {
            return "no HTTP response received";
        }

        if (!url.Accepts(_reader.Status))
        {
            return $"HTTP status {_reader.Status} is not an accepted status_code";
        }

        if (digest is not null && !_reader.DigestIs(digest))
        {
            return "MD5 digest of the body differs from the configured digest";
        }

        return null;
    }
}
