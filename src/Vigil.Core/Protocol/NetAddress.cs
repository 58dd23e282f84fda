using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Vigil.Core.Protocol;

/// <summary>
/// An IPv4 or IPv6 address as a value: the address bytes read as one big-endian number, so
/// comparing two addresses compares them as unsigned network-order bytes, which is the
/// RFC 5798 §6.4.3 tie-break ("the primary IP address of the sender is greater").
/// Kept off <see cref="IPAddress"/> so the per-packet path allocates nothing.
/// </summary>
public readonly struct NetAddress : IEquatable<NetAddress>, IComparable<NetAddress>
{
    public NetAddress(IpFamily family, UInt128 value)
    {
        Family = family;
        Value = family == IpFamily.IPv4 ? value & uint.MaxValue : value;
    }

    public IpFamily Family { get; }

    /// <summary>The address bytes as a big-endian number (IPv4 in the low 32 bits).</summary>
    public UInt128 Value { get; }

    public int Length => VrrpConstants.AddressLength(Family);

    public bool IsMulticast => Family == IpFamily.IPv4
        ? (Value >> 28) == 0xE
        : (Value >> 120) == 0xFF;

    public static NetAddress FromIPv4(uint value) => new(IpFamily.IPv4, value);

    /// <summary>Reads an address of <paramref name="family"/> from the start of <paramref name="bytes"/> (network order).</summary>
    public static NetAddress Read(IpFamily family, ReadOnlySpan<byte> bytes) => family == IpFamily.IPv4
        ? new NetAddress(IpFamily.IPv4, BinaryPrimitives.ReadUInt32BigEndian(bytes))
        : new NetAddress(IpFamily.IPv6, BinaryPrimitives.ReadUInt128BigEndian(bytes));

    /// <summary>Writes the address in network order; returns the bytes written (4 or 16).</summary>
    public int WriteTo(Span<byte> destination)
    {
        if (Family == IpFamily.IPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Value);
            return 4;
        }

        BinaryPrimitives.WriteUInt128BigEndian(destination, Value);
        return 16;
    }

    /// <summary>Whether the address equals the network-order bytes in <paramref name="bytes"/>.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) => bytes.Length == Length && Read(Family, bytes).Value == Value;

    public static bool TryParse(string? text, out NetAddress address)
    {
        address = default;
        if (text is null || !IPAddress.TryParse(text, out var ip))
        {
            return false;
        }

        address = FromIPAddress(ip);
        return true;
    }

    public static NetAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 or IPv6 address.");

    public static NetAddress FromIPAddress(IPAddress ip)
    {
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out int written);
        return Read(written == 4 ? IpFamily.IPv4 : IpFamily.IPv6, bytes);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        int written = WriteTo(bytes);
        return new IPAddress(bytes[..written]);
    }

    public override string ToString() => ToIPAddress().ToString();

    public bool Equals(NetAddress other) => Family == other.Family && Value == other.Value;

    public override bool Equals([NotNullWhen(true)] object? obj) => obj is NetAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Family, Value);

    /// <summary>Orders IPv4 before IPv6, then by unsigned network-order bytes.</summary>
    public int CompareTo(NetAddress other) => Family != other.Family
        ? Family.CompareTo(other.Family)
        : Value.CompareTo(other.Value);

    public static bool operator ==(NetAddress left, NetAddress right) => left.Equals(right);

    public static bool operator !=(NetAddress left, NetAddress right) => !left.Equals(right);

    public static bool operator <(NetAddress left, NetAddress right) => left.CompareTo(right) < 0;

    public static bool operator >(NetAddress left, NetAddress right) => left.CompareTo(right) > 0;

    public static bool operator <=(NetAddress left, NetAddress right) => left.CompareTo(right) <= 0;

    public static bool operator >=(NetAddress left, NetAddress right) => left.CompareTo(right) >= 0;
}
