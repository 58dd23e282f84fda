using System.Diagnostics;

namespace Vigil.Core.Protocol;

/// <summary>
/// The fields of one VRRP advertisement (RFC 3768 §5.3, RFC 5798 §5.2). The address list and the
/// v2 Auth Data are not copied: <see cref="Addresses"/> and <see cref="AuthData"/> slice the
/// message the advertisement was read from, at offsets derived from the validated length.
/// </summary>
public readonly struct Advertisement
{
    public Advertisement(
        byte version,
        IpFamily family,
        byte virtualRouterId,
        byte priority,
        byte addressCount,
        ushort adverIntervalCentiseconds,
        VrrpAuthType authType = VrrpAuthType.None,
        byte type = VrrpConstants.TypeAdvertisement,
        ushort checksum = 0)
    {
        Version = version;
        Family = family;
        VirtualRouterId = virtualRouterId;
        Priority = priority;
        AddressCount = addressCount;
        AdverIntervalCentiseconds = adverIntervalCentiseconds;
        AuthType = authType;
        Type = type;
        Checksum = checksum;
    }

    /// <summary>2 (RFC 3768) or 3 (RFC 5798).</summary>
    public byte Version { get; }

    public IpFamily Family { get; }

    public byte Type { get; }

    public byte VirtualRouterId { get; }

    /// <summary>0 means the master is leaving (RFC 5798 §6.4.3); 255 is the address owner.</summary>
    public byte Priority { get; }

    /// <summary>Count IPvX Addr (RFC 5798 §5.2.5).</summary>
    public byte AddressCount { get; }

    /// <summary>v2 Auth Type; always <see cref="VrrpAuthType.None"/> for v3.</summary>
    public VrrpAuthType AuthType { get; }

    /// <summary>
    /// The advertisement interval in centiseconds: v3 Max Adver Int as sent (12 bits);
    /// v2 Adver Int (whole seconds on the wire) times 100.
    /// </summary>
    public ushort AdverIntervalCentiseconds { get; }

    /// <summary>The checksum as found on the wire (0 for an advertisement built for sending).</summary>
    public ushort Checksum { get; }

    public int AddressLength => AddressCount * VrrpConstants.AddressLength(Family);

    /// <summary>Total message length: header, addresses and (v2) Auth Data.</summary>
    public int Length => VrrpConstants.HeaderLength + AddressLength + (Version == 2 ? VrrpConstants.AuthDataLength : 0);

    /// <summary>The address list inside <paramref name="message"/>, the buffer this advertisement was read from.</summary>
    public ReadOnlySpan<byte> Addresses(ReadOnlySpan<byte> message)
    {
        Debug.Assert(message.Length >= Length);
        return message.Slice(VrrpConstants.HeaderLength, AddressLength);
    }

    /// <summary>The v2 Auth Data inside <paramref name="message"/>; empty for v3.</summary>
    public ReadOnlySpan<byte> AuthData(ReadOnlySpan<byte> message)
    {
        Debug.Assert(message.Length >= Length);
        return Version == 2
            ? message.Slice(VrrpConstants.HeaderLength + AddressLength, VrrpConstants.AuthDataLength)
            : [];
    }

    /// <summary>The <paramref name="index"/>th address of the list in <paramref name="message"/>.</summary>
    public NetAddress AddressAt(ReadOnlySpan<byte> message, int index)
    {
        int size = VrrpConstants.AddressLength(Family);
        return NetAddress.Read(Family, Addresses(message).Slice(index * size, size));
    }

    public override string ToString() =>
        $"VRRPv{Version} {Family} type {Type} vrid {VirtualRouterId} prio {Priority} count {AddressCount} " +
        $"auth {AuthType} interval {AdverIntervalCentiseconds}cs checksum 0x{Checksum:x4}";
}
