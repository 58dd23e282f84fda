using System.Buffers.Binary;
using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

/// <summary>Valid advertisements and matching instances to mutate in negative tests.</summary>
internal static class Packets
{
    public static readonly NetAddress Peer4 = NetAddress.Parse("192.0.2.1");
    public static readonly NetAddress Self4 = NetAddress.Parse("192.0.2.2");
    public static readonly NetAddress Peer6 = NetAddress.Parse("fe80::1");
    public static readonly NetAddress[] Vips4 = [NetAddress.Parse("192.0.2.100"), NetAddress.Parse("192.0.2.101")];
    public static readonly NetAddress[] Vips6 = [NetAddress.Parse("2001:db8::100")];

    public static ReceiveExpectation V2Pass => new()
    {
        Version = 2,
        VirtualRouterId = 51,
        AdverIntervalCentiseconds = 100,
        VirtualAddresses = ReceiveExpectation.AddressBytes(Vips4),
        AuthType = VrrpAuthType.SimpleText,
        AuthPassword = ReceiveExpectation.PadPassword("secret"),
    };

    public static ReceiveExpectation V2None => V2Pass with { AuthType = VrrpAuthType.None, AuthPassword = default };

    public static ReceiveExpectation V3 => new()
    {
        Version = 3,
        VirtualRouterId = 51,
        AdverIntervalCentiseconds = 100,
        VirtualAddresses = ReceiveExpectation.AddressBytes(Vips4),
    };

    public static ReceiveExpectation V3Unicast => V3 with
    {
        Unicast = true,
        UnicastPeers = new[] { Peer4 },
        CheckUnicastSource = true,
    };

    public static ReceiveExpectation V3Ipv6 => V3 with { VirtualAddresses = ReceiveExpectation.AddressBytes(Vips6) };

    public static PacketEnvelope Multicast4 => new(Peer4, VrrpConstants.Ipv4Group, 255);

    public static PacketEnvelope Unicast4 => new(Peer4, Self4, 255);

    public static PacketEnvelope Multicast6 => new(Peer6, VrrpConstants.Ipv6Group, 255);

    /// <summary>An advertisement that <paramref name="expected"/> accepts, as <paramref name="envelope"/> would carry it.</summary>
    public static byte[] For(ReceiveExpectation expected, in PacketEnvelope envelope, byte priority = 100)
    {
        var header = new Advertisement(
            expected.Version,
            envelope.Family,
            expected.VirtualRouterId,
            priority,
            (byte)(expected.VirtualAddresses.Length / VrrpConstants.AddressLength(envelope.Family)),
            expected.AdverIntervalCentiseconds,
            expected.AuthType);
        var buffer = new byte[header.Length];
        AdvertisementCodec.Write(buffer, header, expected.VirtualAddresses.Span, expected.AuthPassword.Span, envelope.Source, envelope.Destination, expected.V3ChecksumAsV2);
        return buffer;
    }

    /// <summary>Applies <paramref name="mutate"/> and recomputes the checksum, so only the mutated field is wrong.</summary>
    public static byte[] Mutated(byte[] message, in PacketEnvelope envelope, Action<byte[]> mutate, bool v3ChecksumAsV2 = false)
    {
        byte[] copy = [.. message];
        mutate(copy);
        Reseal(copy, envelope, v3ChecksumAsV2);
        return copy;
    }

    public static void Reseal(byte[] message, in PacketEnvelope envelope, bool v3ChecksumAsV2 = false)
    {
        message[6] = 0;
        message[7] = 0;
        ushort checksum = VrrpChecksum.Compute(message, (byte)(message[0] >> 4), envelope.Source, envelope.Destination, v3ChecksumAsV2);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(6), checksum);
    }
}
