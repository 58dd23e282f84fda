using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Checker timings as written at one level (virtual server, real server, checker); unset values are
/// inherited from the level above when the virtual server is resolved.
/// </summary>
internal sealed class TimingParts
{
    public TimeSpan? DelayLoop { get; set; }

    public TimeSpan? ConnectTimeout { get; set; }

    public int? Retry { get; set; }

    public TimeSpan? DelayBeforeRetry { get; set; }

    public TimeSpan? Warmup { get; set; }

    public CheckTiming Over(CheckTiming outer) => new(
        DelayLoop ?? outer.DelayLoop,
        ConnectTimeout ?? outer.ConnectTimeout,
        Retry ?? outer.Retry,
        DelayBeforeRetry ?? outer.DelayBeforeRetry)
    {
        Warmup = Warmup ?? outer.Warmup,
    };
}

internal sealed class VirtualServerBuilder(VirtualServer value)
{
    public VirtualServer Value { get; set; } = value;

    public TimingParts Timing { get; } = new();

    public bool Inhibit { get; set; }

    public List<RealServerBuilder> RealServers { get; } = [];

    public RealServer? SorryServer { get; set; }

    /// <summary><c>virtualhost</c> at the virtual server level (HTTP_GET/SSL_GET Host header and SNI).</summary>
    public string? VirtualHost { get; set; }

    /// <summary><c>sorry_server_lvs_method</c>, when written.</summary>
    public LvsMethod? SorryMethod { get; set; }

    /// <summary>Where <c>ip_family</c> set a fwmark service's family (else <see cref="LvsFamily"/> infers it from the servers).</summary>
    public SourceLocation? IpFamilyAt { get; set; }

    /// <summary>Where <c>persistence_engine</c> was written (checked against persistence_timeout once the block is read).</summary>
    public SourceLocation? PersistenceEngineAt { get; set; }

    /// <summary>
    /// One instance of each checker timing of this virtual server: its checkers mostly resolve to the same few (1,000
    /// TCP_CHECKs to one), and a record of 64 B per checker would otherwise stay for the daemon's life.
    /// </summary>
    public CheckTiming Shared(CheckTiming timing)
    {
        if (!_timings.TryGetValue(timing, out CheckTiming? shared))
        {
            _timings[timing] = shared = timing;
        }

        return shared;
    }

    private readonly Dictionary<CheckTiming, CheckTiming> _timings = [];

    public VirtualServer Build()
    {
        CheckTiming timing = Timing.Over(CheckTiming.Defaults);
        LvsMethod method = Value.Method;
        return Value with
        {
            Timing = timing,
            InhibitOnFailure = Inhibit,
            SorryServer = SorryServer is null ? null : SorryServer with { Method = SorryMethod ?? method, Weight = SorryServer.Weight },
            RealServers = new(RealServers.Select(r => r.Build(timing, method, Inhibit))),
        };
    }
}

internal sealed class RealServerBuilder(RealServer value)
{
    public RealServer Value { get; set; } = value;

    public TimingParts Timing { get; } = new();

    public bool? Inhibit { get; set; }

    public LvsMethod? Method { get; set; }

    /// <summary>The virtual server this real server is read in (for settings checkers inherit from it).</summary>
    public VirtualServerBuilder? Parent { get; init; }

    /// <summary><c>virtualhost</c> at the real server level (HTTP_GET/SSL_GET Host header).</summary>
    public string? VirtualHost { get; set; }

    public List<CheckBuilder> Checks { get; } = [];

    public RealServer Build(CheckTiming outer, LvsMethod method, bool inhibit)
    {
        CheckTiming timing = Timing.Over(outer);
        return Value with
        {
            Method = Method ?? method,
            InhibitOnFailure = Inhibit ?? inhibit,
            Checks = new(Checks.SelectMany(c => c.BuildAll(timing, this))),
        };
    }
}
