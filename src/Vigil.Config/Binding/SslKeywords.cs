using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>The top-level <c>SSL { }</c> block (keepalived.conf(5) "SSL"): the client certificate of every SSL_GET.</summary>
internal static class SslKeywords
{
    public static KeywordTable<Box<SslClientSettings>> Table { get; } = new("SSL",
    [
        Keyword<Box<SslClientSettings>>.Line("password", (b, n, c) => b.Value = c.Word(n, "a passphrase") is { } v ? b.Value with { Password = v } : b.Value),
        Keyword<Box<SslClientSettings>>.Line("ca", (b, n, c) => b.Value = c.Word(n, "a file path") is { } v ? b.Value with { Ca = v } : b.Value),
        Keyword<Box<SslClientSettings>>.Line("certificate", (b, n, c) => b.Value = c.Word(n, "a file path") is { } v ? b.Value with { Certificate = v } : b.Value),
        Keyword<Box<SslClientSettings>>.Line("key", (b, n, c) => b.Value = c.Word(n, "a file path") is { } v ? b.Value with { Key = v } : b.Value),
    ],
    []);

    /// <summary>Gives every SSL_GET the block's client certificate; a key or password without a certificate is an error.</summary>
    public static IEnumerable<VirtualServer> Apply(IEnumerable<VirtualServer> servers, SslClientSettings? ssl, BindContext context)
    {
        if (ssl is null)
        {
            return servers;
        }

        if (ssl.Certificate is null && (ssl.Key is not null || ssl.Password is not null))
        {
            context.Error(ssl.Location.Location, "missing-keyword", "this SSL block has a key or password but no certificate, so no client certificate could be sent",
                "add 'certificate /path/to/cert.pem' or remove the block");
            return servers;
        }

        return ssl.Certificate is null ? servers : servers.Select(server => server with
        {
            RealServers = new(server.RealServers.Select(real => real with
            {
                Checks = new(real.Checks.Select(check => check is HttpCheck { Ssl: true } http ? http with { ClientCertificate = ssl } : check)),
            })),
        });
    }
}
