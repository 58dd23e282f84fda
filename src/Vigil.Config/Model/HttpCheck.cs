namespace Vigil.Config.Model;

/// <summary>
/// <c>HTTP_GET { }</c> and <c>SSL_GET { }</c> (check_http.c): every <c>url</c> is fetched with a GET and must
/// answer with one of its status codes (default 200–299) and, when a digest is given, a body whose MD5 is that
/// digest (genhash). SSL_GET does the same over TLS without verifying the certificate, as keepalived does.
/// </summary>
public sealed record HttpCheck(SourceRef Location) : HealthCheck(Location)
{
    public bool Ssl { get; init; }

    public override string Kind => Ssl ? "SSL_GET" : "HTTP_GET";

    /// <summary>The Host header when the url sets none: the checker's virtualhost, else the real server's, else the virtual server's.</summary>
    public string? VirtualHost { get; init; }

    /// <summary>The SNI name when the url sets none and <see cref="EnableSni"/>: the checker's virtualhost, else the virtual server's (keepalived skips the real server's here).</summary>
    public string? SniHost { get; init; }

    public HttpProtocolVersion Protocol { get; init; } = HttpProtocolVersion.Http10;

    /// <summary><c>enable_sni</c>: SSL_GET sends the virtual host as the TLS server name.</summary>
    public bool EnableSni { get; init; }

    /// <summary><c>fast_recovery</c>: while the server is down (or before the first verdict), the next check is at once instead of after delay_loop.</summary>
    public bool FastRecovery { get; init; }

    public ValueArray<HttpUrl> Urls { get; init; } = ValueArray<HttpUrl>.Empty;

    /// <summary>SSL_GET: the top-level SSL block's client certificate (null: none sent).</summary>
    public SslClientSettings? ClientCertificate { get; init; }
}

/// <summary>One <c>url { }</c> of an HTTP_GET/SSL_GET.</summary>
public sealed record HttpUrl(SourceRef Location)
{
    public string Path { get; init; } = "/";

    /// <summary>The accepted status codes as ranges (default 200–299, keepalived's).</summary>
    public ValueArray<StatusCodeRange> StatusCodes { get; init; } = new([new StatusCodeRange(200, 299)]);

    /// <summary><c>digest</c>: the MD5 of the body as 32 lower-case hex digits, or null.</summary>
    public string? Digest { get; init; }

    public string? VirtualHost { get; init; }

    /// <summary><c>regex</c> and its companions: the body must (or, with regex_no_match, must not) match; null when unset.</summary>
    public HttpBodyRegex? Regex { get; init; }

    public bool Accepts(int status)
    {
        foreach (StatusCodeRange range in StatusCodes)
        {
            if (status >= range.Min && status <= range.Max)
            {
                return true;
            }
        }

        return false;
    }
}

public readonly record struct StatusCodeRange(int Min, int Max);

/// <summary><c>http_protocol</c>: 1.0 (keepalived's default), 1.0C (1.0 with Connection: close) or 1.1 (with Connection: close).</summary>
public enum HttpProtocolVersion
{
    Http10,
    Http10Close,
    Http11,
}
