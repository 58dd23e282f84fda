using Vigil.Config.Model;

namespace Vigil.Daemon.Linux;

/// <summary>
/// How far apart gratuitous ARPs and unsolicited NAs leave one interface, as keepalived's garp_delay: an interface
/// in a garp_group shares the group's budget with the group's other interfaces (one switch behind them) and uses only
/// the group's intervals; any other interface has its own budget with the global vrrp_garp_interval /
/// vrrp_gna_interval. Interfaces are named by their base interface (a VMAC paces with its parent).
/// </summary>
public sealed class AnnouncementPacing
{
    private readonly Dictionary<string, Pace> _groups = new(StringComparer.Ordinal);
    private readonly TimeSpan _garp;
    private readonly TimeSpan _gna;

    public AnnouncementPacing(TimeSpan garpInterval, TimeSpan gnaInterval, IEnumerable<GarpGroup>? groups = null)
    {
        _garp = garpInterval;
        _gna = gnaInterval;
        bool any = garpInterval > TimeSpan.Zero || gnaInterval > TimeSpan.Zero;
        foreach (GarpGroup group in groups ?? [])
        {
            var pace = new Pace("garp_group " + group.Location, group.GarpInterval ?? TimeSpan.Zero, group.GnaInterval ?? TimeSpan.Zero);
            foreach (string name in group.Interfaces)
            {
                _groups.TryAdd(name, pace);
            }

            any |= pace.Garp > TimeSpan.Zero || pace.Gna > TimeSpan.Zero;
        }

        IsPaced = any;
    }

    /// <summary>No spacing anywhere: announcements may go back to back from the caller's thread.</summary>
    public static AnnouncementPacing None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>True when some interface spaces its announcements.</summary>
    public bool IsPaced { get; }

    public static AnnouncementPacing FromConfig(KeepalivedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new AnnouncementPacing(config.Global.GarpInterval, config.Global.GnaInterval, config.GarpGroups);
    }

    /// <summary>The budget an announcement on <paramref name="baseInterface"/> counts against.</summary>
    public Pace For(string baseInterface) =>
        _groups.TryGetValue(baseInterface, out Pace? pace) ? pace : new Pace(baseInterface, _garp, _gna);

    /// <summary>One spacing budget: announcements with the same key (and address family) are spaced by the interval.</summary>
    public sealed record Pace(string Key, TimeSpan Garp, TimeSpan Gna);
}
