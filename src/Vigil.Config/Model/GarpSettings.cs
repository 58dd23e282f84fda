namespace Vigil.Config.Model;

/// <summary>
/// Gratuitous ARP / unsolicited NA timing (keepalived.conf(5) global_defs <c>vrrp_garp_*</c> and the
/// per-instance <c>garp_*</c> overrides). Defaults: 5 GARPs on becoming master, 5 more after 5 s, no refresh;
/// the lower-priority burst (sent when a master sees a lower-priority advert, to repair a split brain) copies the master values.
/// </summary>
public sealed record GarpSettings
{
    public static GarpSettings Default { get; } = new();

    public TimeSpan MasterDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int MasterRepeat { get; init; } = 5;

    public TimeSpan LowerPriorityDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int LowerPriorityRepeat { get; init; } = 5;

    /// <summary>Zero: no periodic refresh.</summary>
    public TimeSpan MasterRefresh { get; init; } = TimeSpan.Zero;

    public int MasterRefreshRepeat { get; init; } = 1;
}
