using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// The SSL block's client certificate, loaded once per (certificate, key, password, file times) for every SSL_GET that sends it.
/// A file that cannot be read or parsed is not fatal here: each check fails with the reason, so the operator sees it
/// in the log and in status (keepalived's checks fail too when its SSL context cannot be built).
/// </summary>
internal static class ClientCertificates
{
    // Keyed by the files' modification times too, so a certificate rotated in place (or a missing file created) is
    // read again at the next check rather than served from the first load forever.
    private static readonly ConcurrentDictionary<(string Certificate, string? Key, string? Password, DateTime Written), Lazy<(X509Certificate2? Certificate, string? Error)>> s_loaded = new();

    public static (X509Certificate2? Certificate, string? Error) Load(SslClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string path = settings.Certificate ?? throw new ArgumentException("no certificate in the SSL block", nameof(settings));
        DateTime written = File.GetLastWriteTimeUtc(path);
        if (settings.Key is { } keyPath && File.GetLastWriteTimeUtc(keyPath) > written)
        {
            written = File.GetLastWriteTimeUtc(keyPath);
        }

        return s_loaded.GetOrAdd((path, settings.Key, settings.Password, written), key => new Lazy<(X509Certificate2?, string?)>(() => Read(key.Certificate, key.Key, key.Password))).Value;
    }

    private static (X509Certificate2?, string?) Read(string certificate, string? key, string? password)
    {
        try
        {
            X509Certificate2 loaded = password is null
                ? X509Certificate2.CreateFromPemFile(certificate, key)
                : X509Certificate2.CreateFromEncryptedPemFile(certificate, password, key);

            // A PEM-loaded key is ephemeral; TLS client authentication on Linux takes it as it is.
            return (loaded, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            return (null, $"the SSL block's client certificate {certificate}{(key is null ? "" : $" (key {key})")} cannot be loaded: {e.Message}");
        }
    }
}
