using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// One health checker of a real server (keepalived.conf(5) "real_server": TCP_CHECK, HTTP_GET, …): what all
/// checkers share — the address it connects to (<see cref="ConnectIp"/>:<see cref="ConnectPort"/>, by default
/// the real server's), the source address, and the retry/delay timings, each set on the checker, else on the
/// real server, else on the virtual server (check_data.c).
/// </summary>
public abstract record HealthCheck(SourceRef Location)
{
    /// <summary>The keepalived block name (TCP_CHECK, HTTP_GET, …), as logs and <c>vigil status</c> show it.</summary>
    public abstract string Kind { get; }

    public IPAddress? ConnectIp { get; init; }

    public ushort? ConnectPort { get; init; }

    /// <summary><c>bindto</c>: the source address of the checker's connections (of the family of the address it connects to).</summary>
    public IPAddress? BindTo { get; init; }

    /// <summary><c>bind_port</c>: the source port; keepalived binds only with a <see cref="BindTo"/>, so it is unused without one.</summary>
    public ushort? BindPort { get; init; }

    /// <summary><c>bind_if</c>: the interface the checker's sockets are bound to (SO_BINDTODEVICE; the scope of a link-local address).</summary>
    public string? BindInterface { get; init; }

    /// <summary><c>fwmark</c>: the mark (SO_MARK) on the checker's sockets, for policy routing or firewall rules; 0 is none.</summary>
    public uint FirewallMark { get; init; }

    public CheckTiming Timing { get; init; } = CheckTiming.Defaults;

    /// <summary>Whether this checker connects somewhere (MISC_CHECK and FILE_CHECK do not).</summary>
    public virtual bool Connects => true;

    /// <summary>Whether the check needs a port (a real server without one needs connect_port); PING_CHECK does not.</summary>
    public virtual bool NeedsPort => Connects;
}

/// <summary>
/// <c>TCP_CHECK { }</c>: a real server is up while a TCP connection to it (or to <see cref="HealthCheck.ConnectIp"/>:<see cref="HealthCheck.ConnectPort"/>)
/// completes within the connect timeout; it is down after <c>retry</c> further failures <c>delay_before_retry</c> apart.
/// </summary>
public sealed record TcpCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "TCP_CHECK";
}
