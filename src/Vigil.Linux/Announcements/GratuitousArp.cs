using System.Buffers.Binary;

namespace Vigil.Linux.Announcements;

/// <summary>
/// Builds the Ethernet frame of a gratuitous ARP as keepalived sends it (vrrp_arp.c,
/// send_gratuitous_arp_immediate): a broadcast ARP *request* (RFC 5227 §3 calls this an ARP
/// Announcement) whose sender and target protocol addresses are both the VIP, sender hardware
/// address the interface MAC and target hardware address the broadcast address. keepalived fills
/// the target hardware field with broadcast rather than the zeros RFC 5227 suggests; we follow it.
/// </summary>
public static class GratuitousArp
{
    /// <summary>Ethernet header (14) + ARP for Ethernet/IPv4 (28); the NIC pads to the 60-byte minimum.</summary>
    public const int FrameLength = EthernetHeaderLength + ArpLength;

    private const int EthernetHeaderLength = 14;
    private const int ArpLength = 28;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort HardwareTypeEthernet = 1;
    private const ushort OperationRequest = 1;

    /// <summary>Writes the frame into <paramref name="destination"/> and returns its length.</summary>
    /// <param name="senderMac">The interface's 6-byte hardware address.</param>
    /// <param name="address">The 4-byte IPv4 VIP in network order.</param>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> senderMac, ReadOnlySpan<byte> address)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(senderMac.Length, 6, nameof(senderMac));
        ArgumentOutOfRangeException.ThrowIfNotEqual(address.Length, 4, nameof(address));
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, FrameLength, nameof(destination));

        Span<byte> frame = destination[..FrameLength];
        frame[0..6].Fill(0xFF);
        senderMac.CopyTo(frame[6..12]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], EtherTypeArp);

        Span<byte> arp = frame[EthernetHeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(arp[0..], HardwareTypeEthernet);
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherTypeIPv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], OperationRequest);
        senderMac.CopyTo(arp[8..14]);
        address.CopyTo(arp[14..18]);
        arp[18..24].Fill(0xFF);
        address.CopyTo(arp[24..28]);
        return FrameLength;
    }
}
