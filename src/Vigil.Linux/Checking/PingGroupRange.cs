using System.Globalization;

namespace Vigil.Linux.Checking;

/// <summary>
/// net.ipv4.ping_group_range (per network namespace; it also governs ICMPv6 datagram sockets): the groups allowed
/// to open an unprivileged ICMP socket — root included, the kernel's default "1 0" allows none. keepalived
/// (check_ping.c set_ping_group_range) lowers its start to 0 when it reads a PING_CHECK and puts the old start
/// back at exit; <see cref="Widen"/> and <see cref="Restore"/> do the same, in the namespace of the calling thread.
/// </summary>
public static class PingGroupRange
{
    public const string ProcPath = "/proc/sys/net/ipv4/ping_group_range";

    /// <summary>"MIN MAX" (tab or space between, newline after) as the kernel prints it; null when it is not that.</summary>
    public static (uint Min, uint Max)? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out uint min)
            && uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint max)
            ? (min, max) : null;
    }

    /// <summary>
    /// Lowers the range's start to 0 (group root) keeping its end; returns the start to give back at exit, or null
    /// when it already was 0 or the file could not be read or written (the echo socket then fails with EACCES,
    /// which the checker reports).
    /// </summary>
    public static uint? Widen(string path = ProcPath)
    {
        try
        {
            if (Parse(File.ReadAllText(path)) is not { Min: not 0 } range)
            {
                return null;
            }

            File.WriteAllText(path, $"0\t{range.Max}\n");
            return range.Min;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Gives the range back its start <paramref name="min"/> (keeping its current end), as keepalived at exit.</summary>
    public static void Restore(uint min, string path = ProcPath)
    {
        try
        {
            if (Parse(File.ReadAllText(path)) is { } range && range.Min != min)
            {
                File.WriteAllText(path, $"{min}\t{range.Max}\n");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort at exit, as keepalived
        }
    }
}
