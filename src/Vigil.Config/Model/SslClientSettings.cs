namespace Vigil.Config.Model;

/// <summary>
/// The top-level <c>SSL { password; ca; certificate; key }</c> block (check_ssl.c): the client certificate every
/// SSL_GET presents. keepalived loads <c>ca</c> but sets no verify mode, so the server's certificate is never
/// checked against it; Vigil does the same. Paths as written.
/// </summary>
public sealed record SslClientSettings(SourceRef Location)
{
    /// <summary>A PEM certificate chain (SSL_CTX_use_certificate_chain_file).</summary>
    public string? Certificate { get; init; }

    /// <summary>The PEM private key; when null the certificate file must hold it.</summary>
    public string? Key { get; init; }

    /// <summary>The key's passphrase.</summary>
    public string? Password { get; init; }

    /// <summary>Loaded by keepalived, never used to verify: kept for the diff and the dump only.</summary>
    public string? Ca { get; init; }
}
