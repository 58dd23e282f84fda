using System.Globalization;

namespace Vigil.Core.Tracking;

/// <summary>
/// The number in a <c>track_file</c> (keepalived track_file.c: the file's leading integer, read with
/// strtol semantics). Leading white space and a sign are allowed and anything after the digits is
/// ignored; an empty or non-numeric file, or one that is missing, reads as 0, as keepalived treats it.
/// </summary>
public static class TrackFileValue
{
    public static long Parse(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        ReadOnlySpan<char> span = text.AsSpan().TrimStart();
        int length = span.Length > 0 && span[0] is '+' or '-' ? 1 : 0;
        while (length < span.Length && char.IsAsciiDigit(span[length]))
        {
            length++;
        }

        return long.TryParse(span[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }
}
