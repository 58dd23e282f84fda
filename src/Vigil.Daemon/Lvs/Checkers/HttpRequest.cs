using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>The GET request HTTP_GET/SSL_GET sends, byte for byte keepalived 2.2.7's (check_http.c request_template).</summary>
internal static class HttpRequest
{
    public static byte[] Build(HttpCheck check, HttpUrl url, IPEndPoint target)
    {
        string? vhost = url.VirtualHost ?? check.VirtualHost;
        string host = vhost
            ?? (target.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{target.Address}]:{target.Port}" : $"{target.Address}:{target.Port}");
        string version = check.Protocol == HttpProtocolVersion.Http11 ? "1" : "0";
        string close = check.Protocol == HttpProtocolVersion.Http10 ? string.Empty : "Connection: close\r\n";
        return Encoding.ASCII.GetBytes($"GET {url.Path} HTTP/1.{version}\r\nUser-Agent: KeepAliveClient\r\n{close}Host: {host}\r\n\r\n");
    }
}
