using System.Buffers.Binary;
using System.Net;

namespace Vigil.Core.StateMachine;

/// <summary>
/// An IPv4 or IPv6 address held inline (no allocation), ordered as unsigned network-order bytes,
/// which is how RFC 5798 §6.4.3 breaks equal-priority ties ("the primary IP address of the
/// sender is greater than the local primary IP address").
/// </summary>
public readonly struct RouterAddress : IEquatable<RouterAddress>, IComparable<RouterAddress>
{
    private readonly UInt128 _value;
    private readonly byte _length;

    private RouterAddress(UInt128 value, byte length)
    {
        _value = value;
        _length = length;
    }

    /// <summary>4 for IPv4, 16 for IPv6, 0 for the default (unset) value.</summary>
    public int Length => _length;

    public bool IsUnset => _length == 0;

    /// <summary>Builds an address from its 4 or 16 network-order bytes.</summary>
    public static RouterAddress FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 4)
        {
            return new RouterAddress(BinaryPrimitives.ReadUInt32BigEndian(bytes), 4);
        }

        if (bytes.Length == 16)
        {
            return new RouterAddress(BinaryPrimitives.ReadUInt128BigEndian(bytes), 16);
        }

        throw new ArgumentException("An address has 4 (IPv4) or 16 (IPv6) bytes.", nameof(bytes));
    }

    public static RouterAddress FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return FromBytes(bytes[..written]);
    }

    public static RouterAddress Parse(string text) => FromIPAddress(IPAddress.Parse(text));

    /// <summary>Writes the network-order bytes; returns how many were written (0, 4 or 16).</summary>
    public int WriteBytes(Span<byte> destination)
    {
        if (_length == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_value);
        }
        else if (_length == 16)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, _value);
        }

        return _length;
    }

    /// <summary>Unsigned comparison of the network-order bytes; IPv4 sorts before IPv6.</summary>
    public int CompareTo(RouterAddress other) =>
        _length != other._length ? _length.CompareTo(other._length) : _value.CompareTo(other._value);

    public bool Equals(RouterAddress other) => _length == other._length && _value == other._value;

    public override bool Equals(object? obj) => obj is RouterAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_value, _length);

    public override string ToString()
    {
        if (_length == 0)
        {
            return "(none)";
        }

        Span<byte> bytes = stackalloc byte[16];
        int written = WriteBytes(bytes);
        return new IPAddress(bytes[..written]).ToString();
    }

    public static bool operator ==(RouterAddress left, RouterAddress right) => left.Equals(right);

    public static bool operator !=(RouterAddress left, RouterAddress right) => !left.Equals(right);

    public static bool operator <(RouterAddress left, RouterAddress right) => left.CompareTo(right) < 0;

    public static bool operator >(RouterAddress left, RouterAddress right) => left.CompareTo(right) > 0;

    public static bool operator <=(RouterAddress left, RouterAddress right) => left.CompareTo(right) <= 0;

    public static bool operator >=(RouterAddress left, RouterAddress right) => left.CompareTo(right) >= 0;
}
