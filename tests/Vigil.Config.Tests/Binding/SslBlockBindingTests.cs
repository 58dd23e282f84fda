using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>The top-level SSL block: its client certificate reaches every SSL_GET (and no HTTP_GET); a key without a certificate is an error.</summary>
public sealed class SslBlockBindingTests
{
    private const string Servers = """
        virtual_server 203.0.113.10 443 {
            real_server 192.0.2.11 443 {
                SSL_GET {
                    url {
                        path /
                    }
                }
            }
            real_server 192.0.2.12 80 {
                HTTP_GET {
                    url {
                        path /
                    }
                }
            }
        }

        """;

    [Fact]
    public void Bind_SslBlock_EverySslGetCarriesItAndNoHttpGet()
    {
        KeepalivedConfig config = Conf.Model("SSL {\ncertificate /etc/k/c.pem\nkey /etc/k/c.key\npassword pw\nca /etc/k/ca.pem\n}\n" + Servers);

        var ssl = (HttpCheck)config.VirtualServers[0].RealServers[0].Checks[0];
        var http = (HttpCheck)config.VirtualServers[0].RealServers[1].Checks[0];
        Assert.Equal(("/etc/k/c.pem", "/etc/k/c.key", "pw", "/etc/k/ca.pem"), (ssl.ClientCertificate!.Certificate, ssl.ClientCertificate.Key, ssl.ClientCertificate.Password, ssl.ClientCertificate.Ca));
        Assert.Null(http.ClientCertificate);
    }

    [Fact]
    public void Bind_KeyWithoutCertificate_IsAnErrorAtTheBlock()
    {
        var result = Conf.Bind("SSL {\nkey /etc/k/c.key\n}\n" + Servers);

        Assert.Equal(1, Assert.Single(result.Errors()).Location.Line);
    }

    [Fact]
    public void Bind_TwoBlocks_LaterValuesAddToTheFirst()
    {
        KeepalivedConfig config = Conf.Model("SSL {\ncertificate /a.pem\n}\nSSL {\nkey /b.key\n}\n" + Servers);

        var ssl = (HttpCheck)config.VirtualServers[0].RealServers[0].Checks[0];
        Assert.Equal(("/a.pem", "/b.key"), (ssl.ClientCertificate!.Certificate, ssl.ClientCertificate.Key));
    }
}
