using System.Runtime.InteropServices;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Keeps a repeated warning to one line per instance and kind per window (a flood of bad adverts or a
/// send failing on every advert must not flood the log): the first occurrence is logged at once, the
/// next ones within the window are counted, and the count is reported with the next line after the window.
/// Owned by the loop thread; value-tuple keys, so the per-packet path allocates nothing once a kind was seen.
/// </summary>
internal sealed class LogThrottle(TimeSpan window)
{
    private readonly Dictionary<(string Instance, int Kind), (TimeSpan Until, long Suppressed)> _entries = [];

    public TimeSpan Window => window;

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> is how many were held back since the last line.</summary>
    public bool TryAcquire(string instance, int kind, TimeSpan now, out long suppressed)
    {
        ref (TimeSpan Until, long Suppressed) entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, (instance, kind), out bool exists);
        if (exists && now < entry.Until)
        {
            entry.Suppressed++;
            suppressed = 0;
            return false;
        }

        suppressed = exists ? entry.Suppressed : 0;
        entry = (now + window, 0);
        return true;
    }
}
