namespace Vigil.Daemon.Linux;

/// <summary>
/// The Router flag of an interface's unsolicited NAs, as keepalived 2.2.7 keeps it (vrrp_ndisc.c): the interface's
/// IPv6 forwarding setting, read at the first NA and read again at an NA sent more than 5 s after the last read, so
/// turning forwarding on or off shows in the NAs within about 5 s without a read per frame. Keyed by the interface
/// the NA is paced with (keepalived's IF_BASE_IFP: a VMAC's parent).
/// </summary>
public sealed class RouterFlagCache(Func<string, bool> readForwarding, TimeProvider time)
{
    /// <summary>keepalived's recheck period (timer_cmp_now_diff(last_gna_router_check, 5 * TIMER_HZ)).</summary>
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, (bool IsRouter, long ReadAt)> _cache = new(StringComparer.Ordinal);

    public RouterFlagCache()
        : this(Vigil.Linux.Announcements.Ipv6Forwarding.IsOn, TimeProvider.System)
    {
    }

    public bool IsRouter(string interfaceName)
    {
        long now = time.GetTimestamp();
        if (!_cache.TryGetValue(interfaceName, out (bool IsRouter, long ReadAt) entry) || time.GetElapsedTime(entry.ReadAt, now) > RecheckAfter)
        {
            entry = (readForwarding(interfaceName), now);
            _cache[interfaceName] = entry;
        }

        return entry.IsRouter;
    }
}
