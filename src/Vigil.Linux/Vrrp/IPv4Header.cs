using System.Buffers.Binary;

namespace Vigil.Linux.Vrrp;

/// <summary>
/// Just enough of RFC 791 §3.1 to find the VRRP payload in what a raw IPv4 socket returns:
/// every length is checked against the bytes that actually arrived before it is used.
/// </summary>
internal static class IPv4Header
{
    public const int MinimumLength = 20;

    public static bool TryParse(ReadOnlySpan<byte> packet, out int headerLength, out int totalLength, out byte ttl)
    {
        headerLength = 0;
        totalLength = 0;
        ttl = 0;
        if (packet.Length < MinimumLength || (packet[0] >> 4) != 4)
        {
            return false;
        }

        int ihl = (packet[0] & 0x0F) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (ihl < MinimumLength || ihl > packet.Length || total < ihl || total > packet.Length)
        {
            return false;
        }

        headerLength = ihl;
        totalLength = total;
        ttl = packet[8];
        return true;
    }
}
