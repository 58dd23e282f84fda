using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// A minimal HTTP/1.0 responder inside a lab namespace (the "web server" of an LB node): the listening socket
/// is opened on a thread that entered the namespace, so it stays there; every request is answered with
/// 200 and the body given, which names the node that answered.
/// </summary>
internal sealed class TinyHttpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[] _response;
    private readonly Thread _acceptor;

    private TinyHttpServer(TcpListener listener, string body)
    {
        _listener = listener;
        _response = Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "http " + body };
        _acceptor.Start();
    }

    /// <summary>Listens on every address of <paramref name="node"/>'s namespace (the VIP included, whenever it is there).</summary>
    public static TinyHttpServer Start(LabNode node, int port, string body) => new(node.InNamespace(() =>
    {
        var listener = new TcpListener(IPAddress.IPv6Any, port);
        listener.Server.DualMode = true;
        listener.Start();
        return listener;
    }), body);

    public void Dispose()
    {
        _listener.Stop();
        _acceptor.Join(TimeSpan.FromSeconds(5));
    }

    private void Accept()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.AcceptSocket();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            using (client)
            {
                try
                {
                    client.ReceiveTimeout = 2000;
                    byte[] request = new byte[1024];
                    _ = client.Receive(request); // the request line is enough; the answer does not depend on it
                    client.Send(_response);
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                    // a client that went away: nothing to answer
                }
            }
        }
    }
}
