using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>
/// Messages to the local syslog socket (/dev/log, as syslog(3) does) under keepalived's -S facility:
/// "&lt;PRI&gt;vigil[PID]: category: message". A message the socket refuses (no syslog daemon) is dropped:
/// logging never stops the daemon.
/// </summary>
internal sealed class SyslogSink : ILineSink
{
    public const string DefaultPath = "/dev/log";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _endpoint;
    private readonly int _facility;
    private readonly Lock _lock = new();

    public SyslogSink(int facility, string path = DefaultPath)
    {
        _facility = facility;
        _endpoint = new UnixDomainSocketEndPoint(path);
    }

    public void Write(LogLevel level, string line)
    {
        byte[] datagram = Encoding.UTF8.GetBytes($"<{(_facility * 8) + JournalLineFormat.Priority(level)}>vigil[{Environment.ProcessId}]: {line}");
        lock (_lock)
        {
            try
            {
                _socket.SendTo(datagram, _endpoint);
            }
            catch (SocketException)
            {
                // no syslog daemon listening: nothing to log to
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
