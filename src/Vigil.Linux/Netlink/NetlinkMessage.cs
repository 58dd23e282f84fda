using System.Runtime.InteropServices;

namespace Vigil.Linux.Netlink;

/// <summary>One netlink message split into header and body; every length checked before use.</summary>
internal readonly ref struct NetlinkMessage
{
    public const int HeaderSize = 16;

    public NetlinkMessage(Interop.nlmsghdr header, ReadOnlySpan<byte> body)
    {
        Header = header;
        Body = body;
    }

    public Interop.nlmsghdr Header { get; }

    public ReadOnlySpan<byte> Body { get; }

    public static int Align(int length) => (length + 3) & ~3;

    /// <summary>
    /// Reads the next message of a datagram. Returns false at the end, or when the remaining bytes
    /// do not form a whole message (a length below the header size or beyond the datagram).
    /// </summary>
    public static bool TryReadNext(ref ReadOnlySpan<byte> datagram, out NetlinkMessage message)
    {
        message = default;
        if (datagram.Length < HeaderSize)
        {
            return false;
        }

        Interop.nlmsghdr header = MemoryMarshal.Read<Interop.nlmsghdr>(datagram);
        if (header.nlmsg_len < HeaderSize || header.nlmsg_len > (uint)datagram.Length)
        {
            return false;
        }

        int length = (int)header.nlmsg_len;
        message = new NetlinkMessage(header, datagram[HeaderSize..length]);
        datagram = datagram[Math.Min(Align(length), datagram.Length)..];
        return true;
    }
}
