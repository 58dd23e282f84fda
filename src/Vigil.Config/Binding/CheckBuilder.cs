using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>One checker block being read: its model so far and the timings written in it (inherited when the real server is built).</summary>
internal class CheckBuilder(HealthCheck value)
{
    public HealthCheck Value { get; set; } = value;

    public TimingParts Timing { get; } = new();

    /// <summary>Where <c>bindto</c> and <c>bind_port</c> were written (<see cref="CheckSourceRules"/> reports there).</summary>
    public SourceLocation? BindToAt { get; set; }

    public SourceLocation? BindPortAt { get; set; }

    /// <summary>keepalived's retry when neither the checker, the real server nor the virtual server sets one (check_data.c: 1, MISC_CHECK 0, DNS_CHECK 3).</summary>
    protected virtual int DefaultRetry => 1;

    /// <summary>keepalived's delay_before_retry when no level sets one (1 s, HTTP_GET/SSL_GET 3 s); null means the delay_loop (DNS_CHECK).</summary>
    protected virtual TimeSpan? DefaultDelayBeforeRetry => TimeSpan.FromSeconds(1);

    /// <summary>Checks once the block is read (a required keyword missing, …).</summary>
    public virtual void Finish(ConfigNode node, BindContext context)
    {
    }

    /// <summary>The checker with its timings resolved against the real server's (<paramref name="outer"/>).</summary>
    public virtual HealthCheck Build(CheckTiming outer, RealServerBuilder real) => Value with { Timing = ResolveTiming(outer, real) };

    /// <summary>The checkers this block stands for once read (an SMTP_CHECK with host blocks is several).</summary>
    public virtual IEnumerable<CheckBuilder> Checkers => [this];

    /// <summary>The checkers of <see cref="Checkers"/>, built.</summary>
    public virtual IEnumerable<HealthCheck> BuildAll(CheckTiming outer, RealServerBuilder real) => [Build(outer, real)];

    protected CheckTiming ResolveTiming(CheckTiming outer, RealServerBuilder real)
    {
        CheckTiming timing = Timing.Over(outer);
        if (Timing.Retry is null && real.Timing.Retry is null && real.Parent?.Timing.Retry is null)
        {
            timing = timing with { Retry = DefaultRetry };
        }

        if (Timing.DelayBeforeRetry is null && real.Timing.DelayBeforeRetry is null && real.Parent?.Timing.DelayBeforeRetry is null)
        {
            timing = timing with { DelayBeforeRetry = DefaultDelayBeforeRetry ?? timing.DelayLoop };
        }

        return real.Parent?.Shared(timing) ?? timing;
    }
}
