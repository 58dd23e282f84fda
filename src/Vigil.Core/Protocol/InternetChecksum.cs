using System.Buffers.Binary;

namespace Vigil.Core.Protocol;

/// <summary>
/// The RFC 1071 Internet checksum: the 16-bit one's complement of the one's complement sum.
/// The sum is kept in 64-bit words with end-around carry and folded at the end, which gives the
/// same result as 16-bit words (RFC 1071 §2(B), "summing in larger words") in a quarter of the steps.
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running sum. Every chunk but the last must have a length
    /// that is a multiple of 8; an odd final byte is padded with a zero byte on the right (RFC 1071 §4.1).
    /// </summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            sum = AddWithCarry(sum, BinaryPrimitives.ReadUInt64BigEndian(data[i..]));
        }

        // The tail is placed at the same 16-bit alignment it has in the data; byte position mod 2 is what matters.
        ulong tail = 0;
        int shift = 48;
        for (; i + 2 <= data.Length; i += 2, shift -= 16)
        {
            tail |= (ulong)BinaryPrimitives.ReadUInt16BigEndian(data[i..]) << shift;
        }

        if (i < data.Length)
        {
            tail |= (ulong)data[i] << (shift + 8);
        }

        return AddWithCarry(sum, tail);
    }

    /// <summary>Adds a 16-bit-aligned value (a pseudo-header field) to a running sum.</summary>
    public static ulong AddWithCarry(ulong sum, ulong value)
    {
        sum += value;
        return sum < value ? sum + 1 : sum;
    }

    /// <summary>Folds a running sum to 16 bits and complements it: the value to put in a checksum field.</summary>
    public static ushort Finish(ulong sum)
    {
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF_FFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/> alone. Over data that includes a correct checksum it is 0.</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));
}
