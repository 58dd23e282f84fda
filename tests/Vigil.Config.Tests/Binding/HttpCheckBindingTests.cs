using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>HTTP_GET / SSL_GET binding (keepalived.conf(5) "HTTP_GET|SSL_GET", check_http.c).</summary>
public sealed class HttpCheckBindingTests
{
    private static VirtualServer Server(string check, string real = "", string virtualServer = "") =>
        Conf.Model($"virtual_server 192.0.2.1 80 {{\n{virtualServer}\nreal_server 192.0.2.2 80 {{\n{real}\n{check}\n}}\n}}\n").VirtualServers[0];

    private static ConfigBindResult BindCheck(string check) =>
        Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\n{check}\n}}\n}}\n");

    [Fact]
    public void Bind_HttpGet_UrlsStatusCodesDigestAndVirtualHostsBound()
    {
        VirtualServer server = Server("""
            HTTP_GET {
                connect_port 8080
                http_protocol 1.1
                fast_recovery
                virtualhost app.example
                url {
                    path /health
                    digest 9A0364B9E99BB480DD25E1F0284C8555
                    status_code 200 301-302
                }
                url {
                    path /other
                    virtualhost other.example
                }
            }
            """);

        HttpCheck check = Assert.IsType<HttpCheck>(Assert.Single(server.RealServers[0].Checks));
        Assert.Equal(("HTTP_GET", (ushort?)8080, HttpProtocolVersion.Http11, true, "app.example"), (check.Kind, check.ConnectPort, check.Protocol, check.FastRecovery, check.VirtualHost));
        Assert.Equal(2, check.Urls.Count);
        Assert.Equal(("/health", "9a0364b9e99bb480dd25e1f0284c8555"), (check.Urls[0].Path, check.Urls[0].Digest));
        Assert.Equal([new StatusCodeRange(200, 200), new StatusCodeRange(301, 302)], check.Urls[0].StatusCodes);
        Assert.True(check.Urls[0].Accepts(302));
        Assert.False(check.Urls[0].Accepts(204));
        Assert.Equal(("/other", "other.example"), (check.Urls[1].Path, check.Urls[1].VirtualHost));
    }

    [Fact]
    public void Bind_StatusCodeDefault_Is200To299()
    {
        HttpCheck check = (HttpCheck)Server("SSL_GET {\nurl {\npath /\n}\n}").RealServers[0].Checks[0];

        Assert.Equal("SSL_GET", check.Kind);
        Assert.Equal([new StatusCodeRange(200, 299)], check.Urls[0].StatusCodes);
        Assert.Equal(HttpProtocolVersion.Http10, check.Protocol);
    }

    [Fact]
    public void Bind_VirtualHost_CheckerThenRealServerThenVirtualServer_SniSkipsTheRealServer()
    {
        const string Check = "HTTP_GET {\nurl {\npath /\n}\n}";

        Assert.Equal(("vs.example", "vs.example"), Hosts(Server(Check, virtualServer: "virtualhost vs.example")));
        Assert.Equal(("rs.example", "vs.example"), Hosts(Server(Check, real: "virtualhost rs.example", virtualServer: "virtualhost vs.example")));
        Assert.Equal(("ck.example", "ck.example"), Hosts(Server("HTTP_GET {\nvirtualhost ck.example\nurl {\npath /\n}\n}", real: "virtualhost rs.example", virtualServer: "virtualhost vs.example")));
        Assert.Equal((null, null), Hosts(Server(Check)));

        static (string?, string?) Hosts(VirtualServer server) => (((HttpCheck)server.RealServers[0].Checks[0]).VirtualHost, ((HttpCheck)server.RealServers[0].Checks[0]).SniHost);
    }

    [Fact]
    public void Bind_HttpDefaults_DelayBeforeRetryThreeSecondsUnlessALevelSetsIt()
    {
        const string Check = "HTTP_GET {\nurl {\npath /\n}\n}";

        Assert.Equal(TimeSpan.FromSeconds(3), Server(Check).RealServers[0].Checks[0].Timing.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(1), Server("TCP_CHECK {\n}").RealServers[0].Checks[0].Timing.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(2), Server(Check, virtualServer: "delay_before_retry 2").RealServers[0].Checks[0].Timing.DelayBeforeRetry);
        Assert.Equal(TimeSpan.FromSeconds(0.5), Server(Check, real: "delay_before_retry 0.5").RealServers[0].Checks[0].Timing.DelayBeforeRetry);
    }

    [Theory]
    [InlineData("HTTP_GET {\n}", "missing-keyword")]
    [InlineData("HTTP_GET {\nurl {\nstatus_code 200\n}\n}", "missing-keyword")]
    [InlineData("HTTP_GET {\nurl {\npath /\ndigest 1234\n}\n}", "invalid-value")]
    [InlineData("HTTP_GET {\nurl {\npath /\nstatus_code 200-99\n}\n}", "invalid-value")]
    [InlineData("HTTP_GET {\nurl {\npath /\nstatus_code 600\n}\n}", "invalid-value")]
    [InlineData("HTTP_GET {\nhttp_protocol 2\nurl {\npath /\n}\n}", "invalid-value")]
    public void Bind_BadHttpCheck_IsAnError(string check, string code)
    {
        Diagnostic error = Assert.Single(BindCheck(check).Errors());

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Bind_LogAllFailures_WarnsNotImplemented()
    {
        ConfigBindResult result = BindCheck("HTTP_GET {\nlog_all_failures\nurl {\npath /\n}\n}");

        Assert.False(result.HasErrors);
        Assert.Contains("log_all_failures", result.Single("unsupported-keyword").Message, StringComparison.Ordinal);
    }
}
