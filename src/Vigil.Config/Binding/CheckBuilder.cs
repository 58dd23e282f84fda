using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>One checker block being read: its model so far and the timings written in it (inherited when the real server is built).</summary>
internal class CheckBuilder(HealthCheck value)
{
    public HealthCheck Value { get; set; } = value;

    public TimingParts Timing { get; } = new();

    /// <summary>The checker with its timings resolved against the real server's (<paramref name="outer"/>); checkers with inherited settings of their own override this.</summary>
    public virtual HealthCheck Build(CheckTiming outer, RealServerBuilder real) => Value with { Timing = Timing.Over(outer) };
}
