using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>Parses RTM_NEWADDR bodies (ifaddrmsg + attributes); pure, so tests feed it bytes.</summary>
internal static class AddressMessageParser
{
    public static unsafe bool TryParse(ReadOnlySpan<byte> body, out InterfaceAddress? address)
    {
        address = null;
        if (body.Length < sizeof(Interop.ifaddrmsg))
        {
            return false;
        }

        Interop.ifaddrmsg header = MemoryMarshal.Read<Interop.ifaddrmsg>(body);
        int addressLength = header.ifa_family switch
        {
            Interop.AddressFamilies.AF_INET => 4,
            Interop.AddressFamilies.AF_INET6 => 16,
            _ => 0,
        };
        if (addressLength == 0)
        {
            return false;
        }

        IPAddress? local = null, peer = null, broadcast = null;
        string? label = null;
        uint flags = header.ifa_flags;
        uint? preferred = null;
        ReadOnlySpan<byte> attributes = body[NetlinkMessage.Align(sizeof(Interop.ifaddrmsg))..];
        while (RouteAttribute.TryReadNext(ref attributes, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.Netlink.IFA_LOCAL when value.Length == addressLength:
                    local = new IPAddress(value);
                    break;
                case Interop.Netlink.IFA_ADDRESS when value.Length == addressLength:
                    peer = new IPAddress(value);
                    break;
                case Interop.Netlink.IFA_BROADCAST when value.Length == addressLength:
                    broadcast = new IPAddress(value);
                    break;
                case Interop.Netlink.IFA_LABEL:
                    int end = value.IndexOf((byte)0);
                    label = Encoding.UTF8.GetString(end >= 0 ? value[..end] : value);
                    break;
                case Interop.Netlink.IFA_FLAGS when value.Length == 4:
                    flags = MemoryMarshal.Read<uint>(value);
                    break;
                case Interop.Netlink.IFA_CACHEINFO when value.Length >= sizeof(Interop.ifa_cacheinfo):
                    uint lifetime = MemoryMarshal.Read<Interop.ifa_cacheinfo>(value).ifa_prefered;
                    preferred = lifetime == Interop.Netlink.INFINITY_LIFE_TIME ? null : lifetime;
                    break;
            }
        }

        // IPv4 reports the interface's own address as IFA_LOCAL (IFA_ADDRESS is the peer on
        // point-to-point links); IPv6 reports only IFA_ADDRESS unless a peer is configured.
        IPAddress? own = local ?? peer;
        if (own is null)
        {
            return false;
        }

        const AddressFlags known = AddressFlags.HomeAddress | AddressFlags.ManageTemporaryAddress | AddressFlags.NoPrefixRoute | AddressFlags.MulticastAutoJoin;
        address = new InterfaceAddress(
            (int)header.ifa_index,
            own,
            header.ifa_prefixlen,
            broadcast,
            (AddressScope)header.ifa_scope,
            label,
            (flags & Interop.Netlink.IFA_F_NODAD) != 0,
            local is not null && peer is not null && !peer.Equals(local) ? peer : null,
            (AddressFlags)flags & known,
            preferred);
        return true;
    }
}
