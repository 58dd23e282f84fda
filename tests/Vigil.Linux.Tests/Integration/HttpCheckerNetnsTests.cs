using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// HTTP_GET and SSL_GET on the host against Debian's nginx in a lab namespace: the checkers of a running
/// <see cref="LvsController"/> (configured from keepalived.conf text) fetch from a "director" namespace, and
/// their verdicts reach a recording table. Virtual servers use alpha so each "add" is a check that passed.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HttpCheckerNetnsTests
{
    private const string Timing = "delay_loop 0.2\nwarmup 0\nconnect_timeout 0.5\nretry 1\ndelay_before_retry 0.3\nalpha\nlb_algo rr";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(6);

    [SkippableFact]
    public void HttpGet_NginxWrongStatusThenWrongDigest_DownEachTimeAndBackUp()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhg");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        string digest = Convert.ToHexStringLower(MD5.HashData("ok\n"u8));
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 80 {
                {{Timing}}
                real_server 192.0.2.11 8080 {
                    HTTP_GET {
                        url {
                            path /health
                            digest {{digest}}
                        }
                        url {
                            path /missing
                            status_code 200 400-404
                        }
                    }
                }
            }
            """);
        using NginxProcess nginx = NginxProcess.Start(real, "server { listen 8080; root www; }", 8080);
        nginx.Write("health", "ok\n");
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:8080 w1") == 1, "both urls pass (200 with the digest, 404 within 400-404)", table);
        Assert.Equal("HTTP_GET up", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));

        nginx.Delete("health");
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:8080") == 1, "a 404 on /health takes the server out", table);
        nginx.Write("health", "ok\n");
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:8080 w1") == 2, "the page back brings the server back", table);
        nginx.Write("health", "changed\n");
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:8080") == 2, "a body with another MD5 takes the server out", table);
        nginx.Write("health", "ok\n");
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:8080 w1") == 3, "the right body brings it back", table);
    }

    [SkippableFact]
    public void HttpGet_NginxRegexAndRegexNoMatch_FollowTheBody()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhr");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 80 {
                {{Timing}}
                real_server 192.0.2.11 8080 {
                    HTTP_GET {
                        url {
                            path /health
                            regex "<p>state: (ready|ok)</p>"
                            regex_options caseless
                        }
                        url {
                            path /log
                            regex FATAL
                            regex_no_match
                            regex_min_offset 4
                        }
                    }
                }
            }
            """);
        using NginxProcess nginx = NginxProcess.Start(real, "server { listen 8080; root www; }", 8080);
        nginx.Write("health", "<html><P>State: Ready</P></html>\n");
        nginx.Write("log", "FATAL at byte 0 only\n");
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:8080 w1") == 1, "the page matches (caseless) and the log has no FATAL from byte 4 on", table);
        nginx.Write("health", "<html><p>state: starting</p></html>\n");
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:8080") == 1, "a page the regex does not match takes the server out", table);
        nginx.Write("health", "<p>state: ok</p>");
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:8080 w1") == 2, "the matching page brings it back", table);
        nginx.Write("log", "all ok\nFATAL: disk full\n"); // FATAL at byte 7
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:8080") == 2, "FATAL in the log (regex_no_match) takes the server out", table);
        Assert.Equal("HTTP_GET down", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));
    }

    [SkippableFact]
    public void HttpGet_VirtualHostsAndConnectPort_EachLevelReachesItsNginxServer()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhv");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 5);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 80 {
                {{Timing}}
                virtualhost vs.example
                real_server 192.0.2.11 8080 {
                    HTTP_GET {
                        url {
                            path /
                        }
                    }
                }
                real_server 192.0.2.12 8080 {
                    virtualhost rs.example
                    HTTP_GET {
                        url {
                            path /
                        }
                    }
                }
                real_server 192.0.2.13 8080 {
                    HTTP_GET {
                        virtualhost none.example
                        url {
                            path /
                        }
                    }
                }
                real_server 192.0.2.14 8080 {
                    HTTP_GET {
                        virtualhost none.example
                        url {
                            path /
                            virtualhost url.example
                        }
                    }
                }
                real_server 192.0.2.15 8080 {
                    HTTP_GET {
                        connect_ip 192.0.2.11
                        connect_port 8081
                        virtualhost none.example
                        url {
                            path /
                        }
                    }
                }
            }
            """);
        using NginxProcess nginx = NginxProcess.Start(real, """
            server { listen 8080 default_server; location / { return 404; } }
            server { listen 8080; server_name vs.example rs.example url.example; location / { return 200 "$host"; } }
            server { listen 192.0.2.11:8081; location / { return 200 "port"; } }
            """, 8081);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        foreach (string up in new[] { "192.0.2.11", "192.0.2.12", "192.0.2.14", "192.0.2.15" })
        {
            RecordingIpvsTable.Within(s_limit, () => table.Has($"add {up}:8080 w1"), $"{up} answered on its virtual host", table);
        }

        Thread.Sleep(1000); // five more checks of 192.0.2.13
        Assert.False(table.Has("add 192.0.2.13:8080 w1"), "the checker's virtualhost (none.example) must win over the virtual server's: " + table);
    }

    [SkippableFact]
    public void SslGet_NginxSelfSignedWithSni_UpThenDownWhenTheNameIsWrong()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhs");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 3);
        VirtualServer server = LvsCheckerLab.Bind($$"""
            virtual_server 203.0.113.10 443 {
                {{Timing}}
                real_server 192.0.2.11 8443 {
                    SSL_GET {
                        enable_sni
                        virtualhost secure.example
                        url {
                            path /
                        }
                    }
                }
                real_server 192.0.2.12 8443 {
                    SSL_GET {
                        enable_sni
                        virtualhost other.example
                        url {
                            path /
                        }
                    }
                }
                real_server 192.0.2.13 8443 {
                    SSL_GET {
                        virtualhost secure.example
                        url {
                            path /
                        }
                    }
                }
            }
            """);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=secure.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using NginxProcess nginx = NginxProcess.Start(real, """
            server {
                listen 8443 ssl;
                ssl_certificate cert.pem;
                ssl_certificate_key key.pem;
                location / {
                    if ($ssl_server_name != "secure.example") { return 421; }
                    return 200 "tls";
                }
            }
            """, 8443, new Dictionary<string, string> { ["cert.pem"] = certificate.ExportCertificatePem(), ["key.pem"] = key.ExportPkcs8PrivateKeyPem() });
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        RecordingIpvsTable.Within(s_limit, () => table.Has("add 192.0.2.11:8443 w1"), "SSL_GET with SNI secure.example passes (self-signed certificate accepted)", table);
        Thread.Sleep(1000);
        Assert.False(table.Has("add 192.0.2.12:8443 w1"), "SNI other.example gets 421: " + table);
        Assert.False(table.Has("add 192.0.2.13:8443 w1"), "without enable_sni no server name is sent, so 421: " + table);
        Assert.Equal("SSL_GET up", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));
    }

    [SkippableFact]
    public void HttpGet_TwoUrlsFastRecovery_AllUrlsInOneCheck()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhf");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        VirtualServer server = LvsCheckerLab.Bind("""
            virtual_server 203.0.113.10 80 {
                delay_loop 4
                warmup 0
                alpha
                real_server 192.0.2.11 8080 {
                    HTTP_GET {
                        fast_recovery
                        url {
                            path /a
                        }
                        url {
                            path /b
                        }
                    }
                }
            }
            """);
        using NginxProcess nginx = NginxProcess.Start(real, "server { listen 8080; location / { return 200 \"x\"; } }", 8080);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(server, table, director);

        // Both urls are fetched at once: well within one delay_loop (keepalived without fast_recovery: two).
        RecordingIpvsTable.Within(TimeSpan.FromSeconds(3), () => table.Has("add 192.0.2.11:8080 w1"), "both urls checked in the first check", table);
    }



    [SkippableFact]
    public void SslGet_NginxRequiringAClientCertificate_PassesOnlyWithTheSslBlocksCertificate()
    {
        Skip.IfNot(NginxProcess.IsInstalled, "nginx is not installed");
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvhc");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, 1);
        using var serverKey = RSA.Create(2048);
        using X509Certificate2 serverCertificate = new CertificateRequest("CN=real.example", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 clientCertificate = new CertificateRequest("CN=director", clientKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string directory = Directory.CreateTempSubdirectory("vigil-ssl-client-").FullName;
        try
        {
            // The key encrypted, so the block's password is what opens it.
            File.WriteAllText(Path.Combine(directory, "client.pem"), clientCertificate.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "client.key"), clientKey.ExportEncryptedPkcs8PrivateKeyPem("s3cret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10000)));
            using NginxProcess nginx = NginxProcess.Start(real, """
                server {
                    listen 8443 ssl;
                    ssl_certificate cert.pem;
                    ssl_certificate_key key.pem;
                    ssl_client_certificate ca.pem;
                    ssl_verify_client on;
                    location / {
                        return 200 "client $ssl_client_s_dn";
                    }
                }
                """, 8443, new Dictionary<string, string>
            {
                ["cert.pem"] = serverCertificate.ExportCertificatePem(),
                ["key.pem"] = serverKey.ExportPkcs8PrivateKeyPem(),
                ["ca.pem"] = clientCertificate.ExportCertificatePem(),
            });
            const string Server = """
                virtual_server 203.0.113.10 443 {
                    delay_loop 0.2
                    warmup 0
                    connect_timeout 0.5
                    retry 1
                    delay_before_retry 0.3
                    alpha
                    lb_algo rr
                    real_server 192.0.2.11 8443 {
                        SSL_GET {
                            url {
                                path /
                            }
                        }
                    }
                }
                """;

            var without = new RecordingIpvsTable();
            using (LvsController controller = LvsCheckerLab.Start(LvsCheckerLab.Bind(Server), without, director))
            {
                Thread.Sleep(1500);
                Assert.False(without.Has("add 192.0.2.11:8443 w1"), "without a client certificate nginx answers 400: " + without);
            }

            var with = new RecordingIpvsTable();
            string ssl = $"SSL {{\n    certificate {directory}/client.pem\n    key {directory}/client.key\n    password s3cret\n    ca {directory}/client.pem\n}}\n";
            using LvsController withBlock = LvsCheckerLab.Start(LvsCheckerLab.Bind(ssl + Server), with, director);
            RecordingIpvsTable.Within(s_limit, () => with.Has("add 192.0.2.11:8443 w1"), "SSL_GET with the SSL block's certificate (encrypted key, password) passes nginx's ssl_verify_client", with);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
