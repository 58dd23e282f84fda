using System.Runtime.InteropServices;

namespace Vigil.Linux.Netlink;

/// <summary>rtattr reading and writing (type-length-value, 4-byte aligned); lengths checked before reading.</summary>
internal static class RouteAttribute
{
    public const int HeaderSize = 4;

    /// <summary>Reads the next attribute; false at the end or when a length is inconsistent.</summary>
    public static bool TryReadNext(ref ReadOnlySpan<byte> attributes, out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (attributes.Length < HeaderSize)
        {
            return false;
        }

        Interop.rtattr header = MemoryMarshal.Read<Interop.rtattr>(attributes);
        if (header.rta_len < HeaderSize || header.rta_len > attributes.Length)
        {
            return false;
        }

        // NLA_F_NESTED / NLA_F_NET_BYTEORDER live in the top bits of the type.
        type = (ushort)(header.rta_type & 0x3FFF);
        value = attributes[HeaderSize..header.rta_len];
        attributes = attributes[Math.Min(NetlinkMessage.Align(header.rta_len), attributes.Length)..];
        return true;
    }

    /// <summary>Appends an attribute at <paramref name="offset"/> and returns the new aligned offset.</summary>
    public static int Write(Span<byte> buffer, int offset, ushort type, ReadOnlySpan<byte> value)
    {
        int length = HeaderSize + value.Length;
        var header = new Interop.rtattr { rta_len = (ushort)length, rta_type = type };
        MemoryMarshal.Write(buffer[offset..], in header);
        value.CopyTo(buffer[(offset + HeaderSize)..]);
        int aligned = offset + NetlinkMessage.Align(length);
        buffer[(offset + length)..aligned].Clear();
        return aligned;
    }

    public static int WriteUInt32(Span<byte> buffer, int offset, ushort type, uint value) =>
        Write(buffer, offset, type, MemoryMarshal.AsBytes(new ReadOnlySpan<uint>(in value)));
}
