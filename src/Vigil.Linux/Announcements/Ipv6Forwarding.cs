namespace Vigil.Linux.Announcements;

/// <summary>
/// Reads net.ipv6.conf.IF.forwarding of the calling thread's network namespace, the setting keepalived 2.2.7 turns
/// into the Router flag of its unsolicited NAs (vrrp_if_config.c set_ipv6_forwarding via get_sysctl).
/// </summary>
public static class Ipv6Forwarding
{
    /// <summary>
    /// True when the first character of the setting is a non-zero digit. As keepalived's get_sysctl, a file that cannot
    /// be read or does not start with a digit counts as on: it returns UINT_MAX there, which is not zero.
    /// </summary>
    public static bool IsOn(string interfaceName)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        try
        {
            using FileStream file = File.OpenRead("/proc/sys/net/ipv6/conf/" + interfaceName + "/forwarding");
            return file.ReadByte() != '0'; // keepalived reads one character: only a leading 0 is off
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
