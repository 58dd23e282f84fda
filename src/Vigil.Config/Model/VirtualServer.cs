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

    /// <summary>For <c>virtual_server group NAME</c>: the group this service is one entry of.</summary>
    public string? GroupName { get; init; }

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

    /// <summary>
    /// <c>persistence_engine NAME</c> (e.g. <c>sip</c>, the kernel module ip_vs_pe_NAME); null for none. As in
    /// keepalived 2.2.7 (ipvswrapper.c) it reaches the kernel only with <see cref="PersistenceTimeout"/>.
    /// </summary>
    public string? PersistenceEngine { get; init; }

    public int Quorum { get; init; } = 1;

    public int Hysteresis { get; init; }

    /// <summary><c>alpha</c>: real servers start failed and enter only after a successful check.</summary>
    public bool Alpha { get; init; }

    /// <summary><c>omega</c>: keepalived runs quorum_down/notify_down when the service is removed; no effect without those scripts.</summary>
    public bool Omega { get; init; }

    public CheckTiming Timing { get; init; } = CheckTiming.Defaults;

    public bool InhibitOnFailure { get; init; }

    /// <summary><c>sorry_server IP PORT</c>; its <see cref="RealServer.InhibitOnFailure"/> is <c>sorry_server_inhibit</c> (kept at weight 0 while unused) and its <see cref="RealServer.Method"/> <c>sorry_server_lvs_method</c>.</summary>
    public RealServer? SorryServer { get; init; }

    /// <summary>Scheduler flags: <c>ops</c>, <c>flag-1..3</c>, <c>sh-port</c>/<c>sh-fallback</c>, <c>mh-port</c>/<c>mh-fallback</c> (IP_VS_SVC_F_*).</summary>
    public LvsServiceFlags Flags { get; init; }

    /// <summary><c>quorum_up</c>: run when the service gains quorum.</summary>
    public ScriptCommand? QuorumUpScript { get; init; }

    /// <summary><c>quorum_down</c>: run when the service loses quorum.</summary>
    public ScriptCommand? QuorumDownScript { get; init; }

    public ValueArray<RealServer> RealServers { get; init; } = ValueArray<RealServer>.Empty;

    /// <summary>Every notify script of this virtual server: quorum_up, quorum_down and its real servers' notify_up/notify_down.</summary>
    /// <summary>The MISC_CHECK programs of the real servers (misc_path with its user): they run as root unless a user is given.</summary>
    public IEnumerable<ScriptCommand> CheckScripts() =>
        RealServers.SelectMany(r => r.Checks).OfType<MiscCheck>().Select(m => m.Script).Where(s => s.Program.Length > 0);

    public IEnumerable<ScriptCommand> NotifyScripts() =>
        new[] { QuorumUpScript, QuorumDownScript }.Concat(RealServers.SelectMany(r => new[] { r.NotifyUp, r.NotifyDown })).OfType<ScriptCommand>();

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

    /// <summary><c>notify_up</c>: run when the checkers bring this server up.</summary>
    public ScriptCommand? NotifyUp { get; init; }

    /// <summary><c>notify_down</c>: run when the checkers take this server down.</summary>
    public ScriptCommand? NotifyDown { get; init; }

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

/// <summary>IPVS service flags keepalived lets a virtual server set (the kernel's IP_VS_SVC_F_* values).</summary>
[Flags]
public enum LvsServiceFlags
{
    None = 0,

    /// <summary><c>ops</c>: one-packet scheduling (UDP).</summary>
    OnePacket = 0x4,

    /// <summary><c>flag-1</c>; <c>sh-fallback</c> / <c>mh-fallback</c> with those schedulers.</summary>
    Scheduler1 = 0x8,

    /// <summary><c>flag-2</c>; <c>sh-port</c> / <c>mh-port</c> with those schedulers.</summary>
    Scheduler2 = 0x10,

    /// <summary><c>flag-3</c>.</summary>
    Scheduler3 = 0x20,
}

/// <summary>The IPVS forwarding method (ipvsadm -m, -g, -i).</summary>
public enum LvsMethod
{
    Nat,
    DirectRoute,
    Tunnel,
}
