using System.Buffers.Binary;

namespace Vigil.Core.Protocol;

/// <summary>
/// The RFC 1071 Internet checksum: the 16-bit one's complement of the one's complement sum.
/// Summing 32-bit big-endian words into a 64-bit accumulator and folding at the end gives the
/// same result as 16-bit words (2^16 ≡ 1 mod 2^16−1, RFC 1071 §2(B)) with half the iterations.
/// </summary>
public static class InternetChecksum
{
    /// <summary>
    /// Adds <paramref name="data"/> to a running sum. Every chunk but the last must have an even
    /// length; an odd final byte is padded with a zero byte on the right (RFC 1071 §4.1).
    /// </summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            i += 2;
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
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
