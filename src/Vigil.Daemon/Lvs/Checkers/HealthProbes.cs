using System.Net;
using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>The probe for each configured checker.</summary>
internal static class HealthProbes
{
    public static IHealthProbe Create(HealthCheck check, RealServer real, CheckSocketFactory sockets, LvsScripts? scripts) =>
        Probe(check, real, CheckSource.Of(check) is { } source ? source.Around(sockets) : sockets, scripts);

    /// <summary>The probe of <paramref name="check"/>, its sockets from <paramref name="sockets"/> (with the checker's source set).</summary>
    private static IHealthProbe Probe(HealthCheck check, RealServer real, CheckSocketFactory sockets, LvsScripts? scripts) => check switch
    {
        MiscCheck misc => new MiscProbe(misc, scripts ?? throw new InvalidOperationException("MISC_CHECK needs the script runner")),
        TcpCheck => new TcpProbe(Target(real, check), check.Timing.ConnectTimeout, sockets),
        HttpCheck http => new HttpProbe(http, Target(real, check), sockets),
        SmtpCheck smtp => new SmtpProbe(smtp, Target(real, check), sockets),
        UdpCheck udp => new UdpProbe(udp, Target(real, check), sockets),
        DnsCheck dns => new DnsProbe(dns, Target(real, check), sockets),
        FileCheck => throw new NotSupportedException("FILE_CHECK follows its track_file (FileCheckWatchers), it has no probe"),
        PingCheck => throw new NotSupportedException("PING_CHECK runs on the TCP_CHECK engine's thread (TcpCheckEngine)"),
        _ => throw new NotSupportedException($"{check.Kind} has no probe"),
    };

    /// <summary>Where a connecting checker connects: connect_ip/connect_port, else the real server's address and port.</summary>
    public static IPEndPoint Target(RealServer real, HealthCheck check) =>
        new(check.ConnectIp ?? real.Address, check.ConnectPort ?? real.Port);
}
