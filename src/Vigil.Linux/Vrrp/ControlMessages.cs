using System.Runtime.InteropServices;

namespace Vigil.Linux.Vrrp;

/// <summary>Walks a recvmsg control buffer (CMSG_FIRSTHDR/CMSG_NXTHDR) with every length checked.</summary>
internal static class ControlMessages
{
    /// <summary>CMSG_ALIGN: to sizeof(size_t) on LP64.</summary>
    public static int Align(int length) => (length + 7) & ~7;

    public static unsafe bool TryReadNext(ref ReadOnlySpan<byte> control, out int level, out int type, out ReadOnlySpan<byte> data)
    {
        level = 0;
        type = 0;
        data = default;
        int headerSize = sizeof(Interop.cmsghdr);
        if (control.Length < headerSize)
        {
            return false;
        }

        Interop.cmsghdr header = MemoryMarshal.Read<Interop.cmsghdr>(control);
        if (header.cmsg_len < (nuint)headerSize || header.cmsg_len > (nuint)control.Length)
        {
            return false;
        }

        int length = (int)header.cmsg_len;
        level = header.cmsg_level;
        type = header.cmsg_type;
        data = control[headerSize..length];
        control = control[Math.Min(Align(length), control.Length)..];
        return true;
    }
}
