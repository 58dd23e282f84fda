namespace Vigil.Config.Model;

/// <summary>
/// <c>garp_group { garp_interval S; gna_interval S; interface IF | interfaces { IF … } }</c>: one pacing budget for
/// gratuitous ARPs / unsolicited NAs shared by its interfaces (one switch behind them), overriding the global
/// vrrp_garp_interval / vrrp_gna_interval there. An interval left out means no spacing for that kind on these
/// interfaces, as in keepalived (the group replaces the global delays rather than adding to them).
/// </summary>
public sealed record GarpGroup(TimeSpan? GarpInterval, TimeSpan? GnaInterval, ValueArray<string> Interfaces, SourceRef Location);
