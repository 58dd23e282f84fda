using System.Buffers.Binary;
using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Golden;

/// <summary>
/// A minimal classic-pcap writer (LINKTYPE_RAW: each record is a bare IPv4 or IPv6 packet), so
/// tshark can dissect what Vigil encodes. Wraps a VRRP message in the IP header a Linux raw
/// socket would send: TTL/Hop Limit 255, protocol 112.
/// </summary>
internal static class PcapWriter
{
    private const uint Magic = 0xA1B2C3D4;
    private const uint LinkTypeRaw = 101;

    public static void Write(string path, IEnumerable<byte[]> packets)
    {
        using var stream = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        stream.Write(header);

        uint second = 0;
        Span<byte> record = stackalloc byte[16];
        foreach (byte[] packet in packets)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(record, ++second);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], 0);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)packet.Length);
            stream.Write(record);
            stream.Write(packet);
        }
    }

    /// <summary>Prefixes <paramref name="message"/> with an IPv4 or IPv6 header from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public static byte[] IpPacket(NetAddress source, NetAddress destination, ReadOnlySpan<byte> message)
    {
        if (source.Family == IpFamily.IPv4)
        {
            var packet = new byte[20 + message.Length];
            packet[0] = 0x45;
            packet[1] = 0xC0;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            packet[8] = VrrpConstants.RequiredTtl;
            packet[9] = VrrpConstants.IpProtocol;
            source.WriteTo(packet.AsSpan(12));
            destination.WriteTo(packet.AsSpan(16));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(10), InternetChecksum.Compute(packet.AsSpan(0, 20)));
            message.CopyTo(packet.AsSpan(20));
            return packet;
        }

        var v6 = new byte[40 + message.Length];
        v6[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(4), (ushort)message.Length);
        v6[6] = VrrpConstants.IpProtocol;
        v6[7] = VrrpConstants.RequiredTtl;
        source.WriteTo(v6.AsSpan(8));
        destination.WriteTo(v6.AsSpan(24));
        message.CopyTo(v6.AsSpan(40));
        return v6;
    }
}
