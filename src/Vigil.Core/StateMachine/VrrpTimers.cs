namespace Vigil.Core.StateMachine;

/// <summary>
/// RFC 5798 §6.1 / RFC 3768 §6.1 timer arithmetic, in whole microseconds with the same integer
/// truncation as keepalived 2.2.7 (include/vrrp.h VRRP_TIMER_SKEW_CALC and VRRP_MS_DOWN_TIMER),
/// so that a mixed Vigil/keepalived cluster elects identically (keepalived #421: with v2 the
/// skews of priorities 100 and 101 differ by only 0.39 ms).
/// </summary>
public static class VrrpTimers
{
    /// <summary>keepalived's VRRP_DOWN_TIMER_ADVERTS: adverts missed before the master is declared down.</summary>
    public const int DefaultDownTimerAdverts = 3;

    private const long MicrosPerSecond = 1_000_000;
    private const long MicrosPerCentisecond = 10_000;

    /// <summary>
    /// Skew_Time in µs. v2: (256 − p) × 1 s / 256. v3: (256 − p) × Master_Adver_Interval / 256,
    /// evaluated as keepalived does: ((256 − p) × (interval / 10 ms) × 625) / 16, i.e. the interval
    /// is first truncated to whole centiseconds.
    /// </summary>
    public static long SkewMicros(int version, int priority, long masterAdverIntervalMicros)
    {
        long weight = 256 - priority;
        return version == 3
            ? weight * (masterAdverIntervalMicros / MicrosPerCentisecond) * 625 / 16
            : weight * MicrosPerSecond / 256;
    }

    /// <summary>Master_Down_Interval in µs = adverts × Master_Adver_Interval + Skew_Time.</summary>
    public static long MasterDownMicros(int version, int priority, long masterAdverIntervalMicros, int downTimerAdverts = DefaultDownTimerAdverts) =>
        (downTimerAdverts * masterAdverIntervalMicros) + SkewMicros(version, priority, masterAdverIntervalMicros);

    public static TimeSpan Skew(int version, int priority, TimeSpan masterAdverInterval) =>
        TimeSpan.FromMicroseconds(SkewMicros(version, priority, ToMicros(masterAdverInterval)));

    public static TimeSpan MasterDown(int version, int priority, TimeSpan masterAdverInterval, int downTimerAdverts = DefaultDownTimerAdverts) =>
        TimeSpan.FromMicroseconds(MasterDownMicros(version, priority, ToMicros(masterAdverInterval), downTimerAdverts));

    /// <summary>A VRRPv3 Max Adver Int field (centiseconds) as an interval.</summary>
    public static TimeSpan FromCentiseconds(int centiseconds) => TimeSpan.FromMicroseconds(centiseconds * MicrosPerCentisecond);

    internal static long ToMicros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
