using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests;

/// <summary>The SSL block's client certificate: read once, read again when the file is replaced, a bad file named in the error.</summary>
public sealed class ClientCertificatesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-client-cert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_CertificateRotatedInPlace_TheNewOneIsSent()
    {
        var settings = new SslClientSettings(new SourceLocation("t.conf", 1, 1)) { Certificate = Path.Combine(_directory, "c.pem"), Key = Path.Combine(_directory, "c.key") };
        Write(settings, "CN=first", DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal("CN=first", ClientCertificates.Load(settings).Certificate!.Subject);
        Assert.Same(ClientCertificates.Load(settings).Certificate, ClientCertificates.Load(settings).Certificate);

        Write(settings, "CN=second", DateTime.UtcNow);

        Assert.Equal("CN=second", ClientCertificates.Load(settings).Certificate!.Subject);
    }

    [Fact]
    public void Load_MissingFile_ErrorNamesIt()
    {
        var settings = new SslClientSettings(new SourceLocation("t.conf", 1, 1)) { Certificate = Path.Combine(_directory, "absent.pem") };

        (X509Certificate2? certificate, string? error) = ClientCertificates.Load(settings);

        Assert.Null(certificate);
        Assert.Contains("absent.pem", error, StringComparison.Ordinal);
    }

    private static void Write(SslClientSettings settings, string subject, DateTime at)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 certificate = new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(settings.Certificate!, certificate.ExportCertificatePem());
        File.WriteAllText(settings.Key!, key.ExportPkcs8PrivateKeyPem());
        File.SetLastWriteTimeUtc(settings.Certificate!, at);
        File.SetLastWriteTimeUtc(settings.Key!, at);
    }
}
