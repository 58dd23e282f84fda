using System.Buffers.Binary;

namespace Vigil.Linux.Announcements;

/// <summary>RFC 4443 §2.3: the RFC 1071 one's-complement sum over the RFC 8200 §8.1 pseudo-header and the message.</summary>
public static class Icmpv6Checksum
{
    /// <summary>Checksum for <paramref name="message"/> (its checksum field must be zero while computing).</summary>
    public static ushort Compute(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        uint sum = Add(0, source);
        sum = Add(sum, destination);
        sum += (uint)message.Length >> 16;
        sum += (uint)message.Length & 0xFFFF;
        sum += 58; // next header: ICMPv6
        sum = Add(sum, message);
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    private static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }

        return sum;
    }
}
