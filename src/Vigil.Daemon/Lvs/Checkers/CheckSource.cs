using System.Net;
using System.Net.Sockets;
using System.Text;
using Vigil.Config.Model;
using Vigil.Linux.Checking;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// Where a checker's sockets come from (bindto, bind_port, bind_if, fwmark), as keepalived's socket_bind_connect sets
/// them before the connect: the mark, the interface, then the source address (with bind_port; keepalived binds only
/// to a bindto address). Pre-encoded for the TCP engine; applied to a managed socket for the other checkers.
/// </summary>
internal sealed class CheckSource
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    private CheckSource(HealthCheck check, bool bindInterface)
    {
        Mark = check.FirewallMark;
        Device = bindInterface && check.BindInterface is { } name ? Encoding.ASCII.GetBytes(name + "\0") : [];
        if (check.BindTo is { } address)
        {
            EndPoint = new IPEndPoint(address, check.BindPort ?? 0);
            AddressLength = TcpConnectPoller.Encode(EndPoint, Address);
        }
    }

    /// <summary>The sockaddr to bind to (<see cref="AddressLength"/> bytes; 0: none).</summary>
    public byte[] Address { get; } = new byte[28];

    public int AddressLength { get; }

    public IPEndPoint? EndPoint { get; }

    /// <summary>The interface name with its NUL, or empty.</summary>
    public byte[] Device { get; }

    public uint Mark { get; }

    /// <summary>
    /// The source of <paramref name="check"/>, or null when it sets none. UDP_CHECK's sockets take no interface: keepalived's
    /// udp_bind_connect sets only the mark and the address (its bind_if row says so); PING_CHECK takes none at all.
    /// </summary>
    public static CheckSource? Of(HealthCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (check is PingCheck || (check.BindTo is null && check.FirewallMark == 0 && (check.BindInterface is null || check is UdpCheck)))
        {
            return null;
        }

        return new CheckSource(check, bindInterface: check is not UdpCheck);
    }

    /// <summary>The same factory, each socket with this source set; a failure to set it throws <see cref="CheckSourceException"/> (no verdict, as keepalived).</summary>
    public CheckSocketFactory Around(CheckSocketFactory sockets) => (family, type, protocol) =>
    {
        Socket socket = sockets(family, type, protocol);
        try
        {
            if (Mark != 0)
            {
                socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(Mark));
            }

            if (Device.Length > 0)
            {
                socket.SetRawSocketOption(SolSocket, SoBindToDevice, Device);
            }

            if (EndPoint is not null)
            {
                socket.Bind(EndPoint);
            }

            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new CheckSourceException(Describe(e.NativeErrorCode), e);
        }
    };

    /// <summary>Why the source could not be set, for the log line.</summary>
    public string Describe(int errno)
    {
        string what = errno switch
        {
            19 => $"no interface {Encoding.ASCII.GetString(Device).TrimEnd('\0')}",
            99 => $"{EndPoint?.Address} is not an address of this host",
            98 => $"source {EndPoint} is in use",
            1 or 13 => "not permitted (fwmark needs CAP_NET_ADMIN)",
            _ => $"errno {errno}",
        };
        return $"cannot set the checker's source ({Summary}): {what}";
    }

    private string Summary => string.Join(", ", new[]
    {
        EndPoint is null ? null : $"bindto {EndPoint}",
        Device.Length > 0 ? $"bind_if {Encoding.ASCII.GetString(Device).TrimEnd('\0')}" : null,
        Mark != 0 ? $"fwmark {Mark}" : null,
    }.Where(p => p is not null));
}

/// <summary>A checker's source (bindto, bind_if, fwmark) could not be set on its socket: keepalived retries a delay_loop later without a verdict.</summary>
internal sealed class CheckSourceException(string message, Exception inner) : Exception(message, inner);
