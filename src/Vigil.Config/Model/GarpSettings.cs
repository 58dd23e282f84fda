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

    /// <summary>garp_extra_if: while master, one GARP/NA this often on each VMAC that sends no adverts (zero: off).</summary>
    public TimeSpan ExtraInterfaceInterval { get; init; } = TimeSpan.Zero;

    /// <summary>garp_extra_if all: also on every other interface that carries a VIP.</summary>
    public bool ExtraInterfaceAll { get; init; }
}
