using System.Net;
using System.Security.Cryptography;
using System.Text;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Tests.Lvs;

/// <summary>HTTP_GET's request and response handling, byte for byte keepalived 2.2.7's (check_http.c, lib/html.c).</summary>
public sealed class HttpRequestTests
{
    private static readonly IPEndPoint s_target = new(IPAddress.Parse("192.0.2.11"), 8080);

    [Fact]
    public void Request_Protocols_AsKeepalivedSendsThem()
    {
        var url = new HttpUrl(default) { Path = "/health" };

        Assert.Equal("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: 192.0.2.11:8080\r\n\r\n", Text(new HttpCheck(default), url, s_target));
        Assert.Equal("GET /health HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: app.example\r\n\r\n", Text(new HttpCheck(default) { Protocol = HttpProtocolVersion.Http10Close, VirtualHost = "app.example" }, url, s_target));
        Assert.Equal("GET /health HTTP/1.1\r\nUser-Agent: KeepAliveClient\r\nConnection: close\r\nHost: url.example\r\n\r\n", Text(new HttpCheck(default) { Protocol = HttpProtocolVersion.Http11, VirtualHost = "app.example" }, url with { VirtualHost = "url.example" }, s_target));
        Assert.Equal("GET / HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: [2001:db8::11]:80\r\n\r\n", Text(new HttpCheck(default), new HttpUrl(default), new IPEndPoint(IPAddress.Parse("2001:db8::11"), 80)));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\n", 200)]
    [InlineData("HTTP/1.0 404 Not Found\r\n", 404)]
    [InlineData("HTTP/1.1 200\r\n", 0)]
    [InlineData("HTTP/1.1 20x OK\r\n", 0)]
    [InlineData("garbage\r\n", 0)]
    public void StatusCode_ThreeDigitsBetweenSpaces(string header, int status)
    {
        Assert.Equal(status, HttpResponseReader.StatusCode(Encoding.ASCII.GetBytes(header)));
    }

    [Fact]
    public void Reader_SplitReads_StatusAndDigestOfTheBodyUpToContentLength()
    {
        using var reader = new HttpResponseReader();
        byte[] response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\nEXTRA");
        Feed(reader, response, 7);

        Assert.Equal(200, reader.Status);
        Assert.Equal(8, reader.BodyLength);
        Assert.True(reader.DigestIs(MD5.HashData("ok\n"u8)));
    }

    [Fact]
    public void Reader_NoContentLength_HashesToTheEndAndResetStartsOver()
    {
        using var reader = new HttpResponseReader();
        Feed(reader, Encoding.ASCII.GetBytes("HTTP/1.0 500 Oops\r\nServer: x\r\n\r\nbody"), 5);
        Assert.Equal(500, reader.Status);
        Assert.True(reader.DigestIs(MD5.HashData("body"u8)));

        reader.Reset();
        Feed(reader, Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\n"), 100);
        Assert.False(reader.HeaderComplete);
    }

    private static string Text(HttpCheck check, HttpUrl url, IPEndPoint target) => Encoding.ASCII.GetString(HttpRequest.Build(check, url, target));

    /// <summary>Feeds <paramref name="data"/> as the probe reads it, <paramref name="chunk"/> bytes at a time.</summary>
    private static void Feed(HttpResponseReader reader, byte[] data, int chunk)
    {
        for (int at = 0; at < data.Length; at += chunk)
        {
            ReadOnlySpan<byte> piece = data.AsSpan(at, Math.Min(chunk, data.Length - at));
            if (!reader.HeaderComplete)
            {
                piece.CopyTo(reader.HeaderSpace.Span);
                reader.HeaderRead(piece.Length);
            }
            else
            {
                reader.Body(piece);
            }
        }
    }
}
