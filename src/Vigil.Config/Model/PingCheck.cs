namespace Vigil.Config.Model;

/// <summary>
/// <c>PING_CHECK { }</c> (check_ping.c): an ICMP (IPv4) or ICMPv6 echo request to the real server (or
/// <see cref="HealthCheck.ConnectIp"/>) from an unprivileged ICMP datagram socket each delay_loop; an echo
/// reply within connect_timeout is a success, silence a failure (retried as every checker). The port is unused.
/// </summary>
public sealed record PingCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "PING_CHECK";

    /// <summary>Echo requests carry no port: a real server of a fwmark service needs no connect_port.</summary>
    public override bool NeedsPort => false;
}
