using System.Net;

namespace Vigil.Config.Model;

/// <summary>
/// <c>virtual_server IP PORT { }</c> or <c>virtual_server fwmark N { }</c> (keepalived.conf(5) "Virtual
/// server(s)"): one IPVS service, its real servers and the health checks that put them in or out.
/// Checker timings (<see cref="Timing"/>) are inherited by real servers and their checkers unless they set their own.
/// </summary>
public sealed record VirtualServer(SourceRef Location)
{
    /// <summary>The service address (the family's any-address for a fwmark service).</summary>
    public IPAddress Address { get; init; } = IPAddress.Any;

    public ushort Port { get; init; }

    /// <summary>Non-zero for <c>virtual_server fwmark N</c>.</summary>
    public uint FirewallMark { get; init; }

    public LvsProtocol Protocol { get; init; } = LvsProtocol.Tcp;

    /// <summary><c>lb_algo</c>/<c>lvs_sched</c>; keepalived's default, like ipvsadm's, is wlc.</summary>
    public string Scheduler { get; init; } = "wlc";

    /// <summary><c>lb_kind</c>/<c>lvs_method</c>; keepalived's default is NAT.</summary>
    public LvsMethod Method { get; init; } = LvsMethod.Nat;

    /// <summary><c>persistence_timeout</c> in seconds; 0 means no persistence.</summary>
    public int PersistenceTimeout { get; init; }

    /// <summary><c>persistence_granularity</c>: an IPv4 netmask or an IPv6 prefix length; null is the host (/32, /128).</summary>
    public IPAddress? PersistenceGranularity { get; init; }

    public int? PersistenceGranularityPrefix { get; init; }

    public int Quorum { get; init; } = 1;

    public int Hysteresis { get; init; }

    /// <summary><c>alpha</c>: real servers start failed and enter only after a successful check.</summary>
    public bool Alpha { get; init; }

    /// <summary><c>omega</c>: keepalived runs quorum_down/notify_down when the service is removed; no effect without those scripts.</summary>
    public bool Omega { get; init; }

    public CheckTiming Timing { get; init; } = CheckTiming.Defaults;

    public bool InhibitOnFailure { get; init; }

    public RealServer? SorryServer { get; init; }

    public ValueArray<RealServer> RealServers { get; init; } = ValueArray<RealServer>.Empty;

    public override string ToString() => FirewallMark != 0
        ? $"fwmark {FirewallMark}"
        : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>
/// <c>real_server IP PORT { }</c> (and <c>sorry_server IP PORT</c>). <see cref="Method"/> and
/// <see cref="InhibitOnFailure"/> are resolved against the virtual server when it is read.
/// </summary>
public sealed record RealServer(IPAddress Address, ushort Port, SourceRef Location)
{
    public int Weight { get; init; } = 1;

    public LvsMethod Method { get; init; } = LvsMethod.Nat;

    public bool InhibitOnFailure { get; init; }

    public int UpperThreshold { get; init; }

    public int LowerThreshold { get; init; }

    /// <summary>The health checkers (TCP_CHECK, HTTP_GET, …): the real server is up while all of them are.</summary>
    public ValueArray<HealthCheck> Checks { get; init; } = ValueArray<HealthCheck>.Empty;

    public override string ToString() => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}

/// <summary>The checker timings keepalived lets a virtual server, real server or checker set (inner wins).</summary>
public sealed record CheckTiming(TimeSpan DelayLoop, TimeSpan ConnectTimeout, int Retry, TimeSpan DelayBeforeRetry)
{
    /// <summary>keepalived 2.2.7: delay_loop 60 s, connect_timeout 5 s, retry 1, delay_before_retry 1 s.</summary>
    public static CheckTiming Defaults { get; } = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 1, TimeSpan.FromSeconds(1));

    /// <summary>
    /// <c>warmup</c>: the first check waits a random time up to this long (keepalived spreads checkers to the
    /// same server apart); unset means the checker's delay_loop, as keepalived's default.
    /// </summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>The warmup in effect: <see cref="Warmup"/>, else <see cref="DelayLoop"/>.</summary>
    public TimeSpan EffectiveWarmup => Warmup ?? DelayLoop;
}

public enum LvsProtocol
{
    Tcp,
    Udp,
    Sctp,
}

/// <summary>The IPVS forwarding method (ipvsadm -m, -g, -i).</summary>
public enum LvsMethod
{
    Nat,
    DirectRoute,
    Tunnel,
}
