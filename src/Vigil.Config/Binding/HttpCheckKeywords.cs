using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>HTTP_GET and SSL_GET (check_http.c install_http_ssl_check_keyword) and their <c>url { }</c> blocks.</summary>
internal static class HttpCheckKeywords
{
    public static KeywordTable<UrlBuilder> UrlTable { get; } = new("url",
    [
        Keyword<UrlBuilder>.Line("path", (b, n, c) =>
        {
            if (c.Word(n, "a path such as /health") is { } path)
            {
                b.Value = b.Value with { Path = path };
                b.HasPath = true;
            }
        }),
        Keyword<UrlBuilder>.Line("digest", Digest),
        Keyword<UrlBuilder>.Line("status_code", StatusCodes),
        Keyword<UrlBuilder>.Line("virtualhost", (b, n, c) => b.Value = c.Word(n, "a host name") is { } host ? b.Value with { VirtualHost = host } : b.Value),
        .. HttpRegexKeywords.Rows,
    ],
    []);

    public static KeywordTable<HttpCheckBuilder> HttpTable { get; } = Table("HTTP_GET");

    public static KeywordTable<HttpCheckBuilder> SslTable { get; } = Table("SSL_GET");

    private static KeywordTable<HttpCheckBuilder> Table(string name) => new(name,
    [
        .. CheckerKeywords.ConnectionRows<HttpCheckBuilder>(),
        .. CheckerKeywords.TimingRows<HttpCheckBuilder>(b => b.Timing),
        Keyword<HttpCheckBuilder>.Line("virtualhost", (b, n, c) => b.VirtualHost = c.Word(n, "a host name") ?? b.VirtualHost),
        Keyword<HttpCheckBuilder>.Line("http_protocol", Protocol),
        Keyword<HttpCheckBuilder>.Line("enable_sni", (b, n, c) => b.Http = c.Bool(n) is { } on ? b.Http with { EnableSni = on } : b.Http),
        Keyword<HttpCheckBuilder>.Line("fast_recovery", (b, n, c) => b.Http = c.Bool(n) is { } on ? b.Http with { FastRecovery = on } : b.Http),
        Keyword<HttpCheckBuilder>.Block("url", (b, n, c) =>
        {
            var url = new UrlBuilder(new HttpUrl(n.Location));
            UrlTable.Bind(url, n.Children, c);
            if (HttpRegexKeywords.Finish(url.Regex, c) is { } regex)
            {
                url.Value = url.Value with { Regex = regex };
            }

            if (!url.HasPath)
            {
                c.Error(n.Location, "missing-keyword", $"this url of {name} has no path (keepalived drops such a url)", "add 'path /SOMETHING' inside the url block");
            }

            b.Urls.Add(url.Value);
        }),
    ],
    ["log_all_failures"]);

    private static void Digest(UrlBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Word(n, "an MD5 digest (32 hex digits, as genhash prints it)") is not { } digest)
        {
            return;
        }

        if (b.Value.Digest is not null)
        {
            c.Error(n.Location, "duplicate-keyword", "this url already has a digest", "keep one 'digest' line per url");
        }
        else if (digest.Length != 32 || !digest.All(char.IsAsciiHexDigit))
        {
            c.Error(n.Arguments[0].Location, "invalid-value", $"'{digest}' is not an MD5 digest (32 hex digits)", "write the digest genhash prints for this url");
        }
        else
        {
            b.Value = b.Value with { Digest = digest.ToLowerInvariant() };
        }
    }

    private static void StatusCodes(UrlBuilder b, ConfigNode n, BindContext c)
    {
        if (c.Arg(n, 0, "status codes (200, 200-299, …)") is null)
        {
            return;
        }

        var ranges = new List<StatusCodeRange>(b.Explicit ? b.Value.StatusCodes : []);
        foreach (ConfigToken token in n.Arguments)
        {
            string[] parts = token.Text.Split('-');
            if (parts.Length is 1 or 2 && Code(parts[0]) is { } min && Code(parts[^1]) is { } max && min <= max)
            {
                ranges.Add(new StatusCodeRange(min, max));
            }
            else
            {
                c.Error(token.Location, "invalid-value", $"'{token.Text}' is not an HTTP status code or range of them (100–599)", "write codes such as '200' or ranges such as '200-299'");
            }
        }

        b.Explicit = true;
        b.Value = b.Value with { StatusCodes = new(ranges) };
    }

    private static int? Code(string text) =>
        text.Length == 3 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 100 and <= 599 ? code : null;

    private static void Protocol(HttpCheckBuilder b, ConfigNode n, BindContext c)
    {
        switch (c.Word(n, "1.0, 1.0C or 1.1"))
        {
            case "1.0": b.Http = b.Http with { Protocol = HttpProtocolVersion.Http10 }; break;
            case "1.0C" or "1.0c": b.Http = b.Http with { Protocol = HttpProtocolVersion.Http10Close }; break;
            case "1.1": b.Http = b.Http with { Protocol = HttpProtocolVersion.Http11 }; break;
            case { } other: c.Error(n.Arguments[0].Location, "invalid-value", $"'http_protocol {other}' is not an HTTP version keepalived knows", "write 'http_protocol 1.0', '1.0C' or '1.1'"); break;
        }
    }
}

/// <summary>An HTTP_GET/SSL_GET block being read.</summary>
internal sealed class HttpCheckBuilder(HttpCheck value) : CheckBuilder(value)
{
    public HttpCheck Http
    {
        get => (HttpCheck)Value;
        set => Value = value;
    }

    public string? VirtualHost { get; set; }

    public List<HttpUrl> Urls { get; } = [];

    protected override TimeSpan? DefaultDelayBeforeRetry => TimeSpan.FromSeconds(3);

    public override void Finish(ConfigNode node, BindContext context)
    {
        if (Urls.Count == 0)
        {
            context.Error(node.Location, "missing-keyword", $"{Value.Kind} has no url (keepalived ignores such a checker)", "add 'url { path /SOMETHING }' inside the block");
        }
    }

    public override HealthCheck Build(CheckTiming outer, RealServerBuilder real) => Http with
    {
        Timing = ResolveTiming(outer, real),
        VirtualHost = VirtualHost ?? real.VirtualHost ?? real.Parent?.VirtualHost,
        SniHost = VirtualHost ?? real.Parent?.VirtualHost,
        Urls = new(Urls),
    };
}

/// <summary>A <c>url { }</c> block being read.</summary>
internal sealed class UrlBuilder(HttpUrl value)
{
    public HttpUrl Value { get; set; } = value;

    /// <summary>Whether status_code was written (the default 200–299 applies only when it was not).</summary>
    public bool Explicit { get; set; }

    public bool HasPath { get; set; }

    public RegexParts Regex { get; } = new();
}
