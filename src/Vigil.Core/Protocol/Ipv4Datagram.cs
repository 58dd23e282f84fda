using System.Buffers.Binary;

namespace Vigil.Core.Protocol;

/// <summary>
/// Splits a received IPv4 datagram (as a raw IPv4 socket delivers it, header included) into the
/// envelope facts and the VRRP message, skipping an IPsec AH header (RFC 4302 §2) if present.
/// Lengths are checked before they are used as offsets (FRR #14136: IHL unbounded; keepalived
/// aa7d5be6: tot_len used before validation). IPv6 raw sockets deliver the payload only; build
/// the envelope there from recvmsg's source, IPV6_PKTINFO and IPV6_HOPLIMIT.
/// </summary>
public static class Ipv4Datagram
{
    private const int MinHeaderLength = 20;
    private const byte AhProtocol = 51;

    /// <summary>
    /// On success <paramref name="payloadOffset"/>/<paramref name="payloadLength"/> locate the VRRP
    /// message inside <paramref name="datagram"/>.
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> datagram,
        out PacketEnvelope envelope,
        out int payloadOffset,
        out int payloadLength,
        out DropReason reason)
    {
        envelope = default;
        payloadOffset = 0;
        payloadLength = 0;
        reason = DropReason.PacketLength;
        if (datagram.Length < MinHeaderLength || datagram[0] >> 4 != 4)
        {
            return false;
        }

        int headerLength = (datagram[0] & 0x0F) * 4;
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (headerLength < MinHeaderLength || headerLength > datagram.Length || totalLength != datagram.Length)
        {
            return false;
        }

        byte protocol = datagram[9];
        int offset = headerLength;
        bool hasAh = false;
        if (protocol == AhProtocol)
        {
            // AH: Next Header(1) Payload Len(1, in 32-bit words minus 2) ...
            if (datagram.Length - offset < 12)
            {
                return false;
            }

            int ahLength = (datagram[offset + 1] + 2) * 4;
            if (ahLength < 12 || ahLength > datagram.Length - offset)
            {
                return false;
            }

            protocol = datagram[offset];
            offset += ahLength;
            hasAh = true;
        }

        if (protocol != VrrpConstants.IpProtocol)
        {
            reason = DropReason.NotVrrp;
            return false;
        }

        envelope = new PacketEnvelope(
            NetAddress.Read(IpFamily.IPv4, datagram[12..]),
            NetAddress.Read(IpFamily.IPv4, datagram[16..]),
            datagram[8],
            hasAh);
        payloadOffset = offset;
        payloadLength = datagram.Length - offset;
        reason = DropReason.None;
        return true;
    }
}
