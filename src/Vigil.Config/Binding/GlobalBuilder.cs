using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>What <c>global_defs</c> said; the lower-priority GARP values default to the master ones, so they stay raw until the end.</summary>
internal sealed class GlobalBuilder
{
    public GlobalDefs Value { get; set; } = GlobalDefs.Default;

    public TimeSpan? GarpLowerPriorityDelay { get; set; }

    public int? GarpLowerPriorityRepeat { get; set; }

    public GlobalDefs Build() => Value with
    {
        Garp = Value.Garp with
        {
            LowerPriorityDelay = GarpLowerPriorityDelay ?? Value.Garp.MasterDelay,
            LowerPriorityRepeat = GarpLowerPriorityRepeat ?? Value.Garp.MasterRepeat,
        },
    };
}
