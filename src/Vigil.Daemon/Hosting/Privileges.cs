namespace Vigil.Daemon.Hosting;

/// <summary>
/// Whether this process may open raw VRRP sockets (CAP_NET_RAW) and change addresses (CAP_NET_ADMIN):
/// read from the effective capability set in /proc/self/status, so a non-root process with file
/// capabilities (setcap) is accepted and a root process in a capability-stripped container is not.
/// </summary>
public static class Privileges
{
    private const int CapNetAdmin = 12;
    private const int CapNetRaw = 13;

    /// <summary>The names of the missing capabilities (empty: all present).</summary>
    public static IReadOnlyList<string> Missing()
    {
        ulong effective = EffectiveCapabilities();
        var missing = new List<string>(2);
        if ((effective & (1UL << CapNetRaw)) == 0)
        {
            missing.Add("CAP_NET_RAW");
        }

        if ((effective & (1UL << CapNetAdmin)) == 0)
        {
            missing.Add("CAP_NET_ADMIN");
        }

        return missing;
    }

    private static ulong EffectiveCapabilities() => Vigil.Linux.Host.Capabilities.Effective();
}
