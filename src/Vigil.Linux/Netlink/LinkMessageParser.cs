using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>Parses RTM_NEWLINK/RTM_DELLINK bodies (ifinfomsg + attributes); pure, so tests feed it bytes.</summary>
internal static class LinkMessageParser
{
    public static unsafe bool TryParse(ReadOnlySpan<byte> body, out LinkInfo? link)
    {
        link = null;
        if (body.Length < sizeof(Interop.ifinfomsg))
        {
            return false;
        }

        Interop.ifinfomsg info = MemoryMarshal.Read<Interop.ifinfomsg>(body);
        string name = string.Empty;
        byte[] hardwareAddress = [];
        int master = 0;
        LinkKind kind = LinkKind.Other;
        ReadOnlySpan<byte> attributes = body[NetlinkMessage.Align(sizeof(Interop.ifinfomsg))..];
        while (RouteAttribute.TryReadNext(ref attributes, out ushort type, out ReadOnlySpan<byte> value))
        {
            switch (type)
            {
                case Interop.Netlink.IFLA_IFNAME:
                    int end = value.IndexOf((byte)0);
                    name = Encoding.UTF8.GetString(end >= 0 ? value[..end] : value);
                    break;
                case Interop.Netlink.IFLA_ADDRESS:
                    hardwareAddress = value.ToArray();
                    break;
                case Interop.Netlink.IFLA_MASTER when value.Length >= sizeof(uint):
                    master = (int)MemoryMarshal.Read<uint>(value);
                    break;
                case Interop.Netlink.IFLA_LINKINFO:
                    kind = ReadKind(value);
                    break;
            }
        }

        const uint upAndRunning = Interop.Netlink.IFF_UP | Interop.Netlink.IFF_RUNNING;
        link = new LinkInfo(info.ifi_index, name, (info.ifi_flags & upAndRunning) == upAndRunning, hardwareAddress, info.ifi_flags)
        {
            MasterIndex = master,
            Kind = kind,
        };
        return true;
    }

    /// <summary>IFLA_INFO_KIND inside IFLA_LINKINFO, compared as bytes: every RTM_NEWLINK passes here, and only a few kinds matter.</summary>
    internal static LinkKind ReadKind(ReadOnlySpan<byte> linkInfo)
    {
        while (RouteAttribute.TryReadNext(ref linkInfo, out ushort type, out ReadOnlySpan<byte> value))
        {
            if (type == Interop.Netlink.IFLA_INFO_KIND)
            {
                int end = value.IndexOf((byte)0);
                return (end >= 0 ? value[..end] : value).SequenceEqual("vrf"u8) ? LinkKind.Vrf : LinkKind.Other;
            }
        }

        return LinkKind.Other;
    }
}
