using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Vigil.Core.Protocol;

/// <summary>
/// Encodes and decodes the VRRP message (the IP payload) of VRRPv2 (RFC 3768 §5.3) and VRRPv3
/// (RFC 5798 §5.2). Both directions work on caller-owned spans and allocate nothing.
/// <code>
///  0                   1                   2                   3
///  |Version| Type  | Virtual Rtr ID|   Priority    | Count IPvX Addr|
///  v2: | Auth Type | Adver Int (s) |        Checksum               |
///  v3: |(rsvd)|  Max Adver Int (cs, 12 bits)  |      Checksum      |
///  | IPvX Address(es) ...                                            |
///  v2 only: | Authentication Data (8 bytes)                          |
/// </code>
/// </summary>
public static class AdvertisementCodec
{
    // ucarp/CARP shares protocol 112, group 224.0.0.18 and the first byte (version 2, type 1);
    // its header is 36 bytes with "authlen" 7 where VRRP has Count IPvX Addr.
    private const int CarpLength = 36;
    private const byte CarpAuthLength = 7;

    /// <summary>
    /// Writes an advertisement into <paramref name="destination"/> and returns the bytes written.
    /// <paramref name="addresses"/> are the virtual addresses in network order (count × 4 or 16
    /// bytes); <paramref name="password"/> is the v2 PASS secret (truncated to 8 bytes and
    /// zero-padded, as keepalived does). <paramref name="source"/> and
    /// <paramref name="destinationAddress"/> feed the v3 pseudo-header: for unicast, write one
    /// copy per peer with that peer as destination (keepalived 2.2.7).
    /// </summary>
    /// <exception cref="ArgumentException">The parameters cannot form a valid advertisement (a configuration bug, not input).</exception>
    public static int Write(
        Span<byte> destination,
        in Advertisement header,
        ReadOnlySpan<byte> addresses,
        ReadOnlySpan<byte> password,
        NetAddress source,
        NetAddress destinationAddress,
        bool v3ChecksumAsV2 = false)
    {
        byte version = header.Version;
        if (version is not (2 or 3) || (version == 2 && header.Family != IpFamily.IPv4))
        {
            ThrowArgument("VRRPv2 is IPv4 only; the version must be 2 or 3.");
        }

        if (addresses.Length != header.AddressLength || source.Family != header.Family || destinationAddress.Family != header.Family)
        {
            ThrowArgument("The address list, source and destination must match the advertisement's family and count.");
        }

        int length = header.Length;
        if (destination.Length < length)
        {
            ThrowArgument("The destination buffer is too small for the advertisement.");
        }

        Span<byte> message = destination[..length];
        message[0] = (byte)((version << 4) | (header.Type & 0x0F));
        message[1] = header.VirtualRouterId;
        message[2] = header.Priority;
        message[3] = header.AddressCount;
        if (version == 2)
        {
            if (header.AdverIntervalCentiseconds % 100 != 0 || header.AdverIntervalCentiseconds / 100 is 0 or > 255)
            {
                ThrowArgument("A VRRPv2 advertisement interval is whole seconds from 1 to 255.");
            }

            message[4] = (byte)header.AuthType;
            message[5] = (byte)(header.AdverIntervalCentiseconds / 100);
        }
        else
        {
            if (header.AdverIntervalCentiseconds is 0 or > VrrpConstants.MaxV3IntervalCentiseconds)
            {
                ThrowArgument("A VRRPv3 advertisement interval is 1 to 4095 centiseconds.");
            }

            BinaryPrimitives.WriteUInt16BigEndian(message[4..], header.AdverIntervalCentiseconds);
        }

        message[6] = 0;
        message[7] = 0;
        addresses.CopyTo(message[VrrpConstants.HeaderLength..]);
        if (version == 2)
        {
            Span<byte> auth = message.Slice(VrrpConstants.HeaderLength + addresses.Length, VrrpConstants.AuthDataLength);
            auth.Clear();
            if (header.AuthType == VrrpAuthType.SimpleText)
            {
                password[..Math.Min(password.Length, VrrpConstants.AuthDataLength)].CopyTo(auth);
            }
        }

        ushort checksum = VrrpChecksum.Compute(message, version, source, destinationAddress, v3ChecksumAsV2);
        BinaryPrimitives.WriteUInt16BigEndian(message[VrrpChecksum.Offset..], checksum);
        return length;
    }

    /// <summary>
    /// Decodes the structure of <paramref name="message"/>: header present, version 2 or 3 (v2
    /// only over IPv4), not a CARP packet, and length exactly header + count × address size
    /// (+ 8 bytes of v2 Auth Data). Every later slice is derived from this validated length —
    /// never from a header field alone (keepalived 2.2.7's PASS read via tot_len was an
    /// out-of-bounds read, fixed in aa7d5be6). Field values are checked by <see cref="AdvertisementValidator"/>.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> message, IpFamily family, out Advertisement advertisement, out DropReason reason)
    {
        advertisement = default;
        if (message.Length < VrrpConstants.HeaderLength)
        {
            reason = DropReason.PacketLength;
            return false;
        }

        byte version = (byte)(message[0] >> 4);
        if (version is not (2 or 3) || (version == 2 && family != IpFamily.IPv4))
        {
            reason = DropReason.VersionMismatch;
            return false;
        }

        byte count = message[3];
        int expected = VrrpConstants.HeaderLength + (count * VrrpConstants.AddressLength(family))
            + (version == 2 ? VrrpConstants.AuthDataLength : 0);
        if (message.Length != expected)
        {
            reason = version == 2 && message.Length == CarpLength && count == CarpAuthLength
                ? DropReason.CarpPacket
                : DropReason.PacketLength;
            return false;
        }

        ushort interval;
        VrrpAuthType authType;
        if (version == 2)
        {
            authType = (VrrpAuthType)message[4];
            interval = (ushort)(message[5] * 100);
        }
        else
        {
            // RFC 5798 §5.2.6: the 4 reserved bits are ignored on reception.
            authType = VrrpAuthType.None;
            interval = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(message[4..]) & VrrpConstants.MaxV3IntervalCentiseconds);
        }

        advertisement = new Advertisement(
            version,
            family,
            virtualRouterId: message[1],
            priority: message[2],
            addressCount: count,
            adverIntervalCentiseconds: interval,
            authType: authType,
            type: (byte)(message[0] & 0x0F),
            checksum: BinaryPrimitives.ReadUInt16BigEndian(message[VrrpChecksum.Offset..]));
        reason = DropReason.None;
        return true;
    }

    /// <summary>
    /// The VRID of a received message, for finding the instance whose <see cref="ReceiveExpectation"/>
    /// validates it (§2 rules 1-2: only the header length is checked first). False when shorter
    /// than a header: count it as <see cref="DropReason.PacketLength"/>.
    /// </summary>
    public static bool TryPeekVirtualRouterId(ReadOnlySpan<byte> message, out byte virtualRouterId)
    {
        if (message.Length < VrrpConstants.HeaderLength)
        {
            virtualRouterId = 0;
            return false;
        }

        virtualRouterId = message[1];
        return true;
    }

    [DoesNotReturn]
    private static void ThrowArgument(string message) => throw new ArgumentException(message);
}
