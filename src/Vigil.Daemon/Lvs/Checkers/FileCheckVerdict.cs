using Vigil.Config.Model;

namespace Vigil.Daemon.Lvs.Checkers;

/// <summary>
/// What a FILE_CHECK's track_file value means for its real server, as keepalived 2.2.7 computes it
/// (track_file.c update_track_file_status, process_update_checker_track_file_status): with weight 0 a non-zero
/// value is down (with reverse, a zero one), anything else up adding nothing; otherwise value × weight (negated
/// with reverse), clamped to a 32-bit int, is added to the real server's weight — down only at INT_MIN (keepalived's
/// IPVS_WEIGHT_FAULT). Pure.
/// </summary>
internal static class FileCheckVerdict
{
    public static (bool Up, int Delta) Of(long value, int weight, bool reverse)
    {
        if (weight == 0)
        {
            return ((value != 0) == reverse, 0);
        }

        long status = Math.Clamp(value * weight * (reverse ? -1 : 1), int.MinValue, int.MaxValue);
        return status == int.MinValue ? (false, 0) : (true, (int)status);
    }

    public static (bool Up, int Delta) Of(long value, FileCheck check) => Of(value, check.EffectiveWeight, check.EffectiveReverse);

    /// <summary>keepalived ignores a value outside -2147483648..2147483648 ("Invalid number … ignoring"): the last one stands.</summary>
    public static bool InRange(long value) => value is >= int.MinValue and <= (long)int.MaxValue + 1;
}
