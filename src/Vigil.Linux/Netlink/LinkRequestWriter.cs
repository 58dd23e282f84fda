using System.Runtime.InteropServices;

namespace Vigil.Linux.Netlink;

/// <summary>Builds the RTM_NEWLINK / RTM_DELLINK requests of a VMAC (macvlan) interface; pure, so golden bytes can be tested.</summary>
internal static class LinkRequestWriter
{
    public const int MaxLength = 128;

    private const ushort IflaAfSpec = 26;
    private const ushort IflaInet6AddrGenMode = 8;
    private const byte In6AddrGenModeNone = 1;

    /// <summary>
    /// A macvlan named <paramref name="name"/> on <paramref name="parentIndex"/> with hardware address
    /// <paramref name="mac"/>, in mode private (keepalived's VMAC), created down; enslaved to <paramref name="masterIndex"/>
    /// (the VRF of the parent, as keepalived 2.2.7's netlink_link_add_vmac) unless 0.
    /// </summary>
    public static int WriteCreateMacvlan(Span<byte> buffer, ushort flags, uint sequence, string name, int parentIndex, ReadOnlySpan<byte> mac, int masterIndex = 0)
    {
        int offset = Begin(buffer, index: 0, up: null);
        offset = RoutingRequestWriter.WriteName(buffer, offset, Interop.Netlink.IFLA_IFNAME, name);
        offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.IFLA_LINK, (uint)parentIndex);
        offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFLA_ADDRESS, mac);
        int linkInfo = offset;
        offset += RouteAttribute.HeaderSize;
        offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFLA_INFO_KIND, "macvlan\0"u8);
        int data = offset;
        offset += RouteAttribute.HeaderSize;
        offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.IFLA_MACVLAN_MODE, Interop.Netlink.MACVLAN_MODE_PRIVATE);
        CloseNest(buffer, data, offset, Interop.Netlink.IFLA_INFO_DATA);
        CloseNest(buffer, linkInfo, offset, Interop.Netlink.IFLA_LINKINFO);
        if (masterIndex != 0)
        {
            offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.IFLA_MASTER, (uint)masterIndex);
        }

        return RoutingRequestWriter.Finish(buffer, offset, Interop.Netlink.RTM_NEWLINK, flags, sequence);
    }

    /// <summary>Enslaves a link to <paramref name="masterIndex"/>, or frees it with 0 (`ip link set IF nomaster`).</summary>
    public static int WriteSetMaster(Span<byte> buffer, ushort flags, uint sequence, int index, int masterIndex) =>
        RoutingRequestWriter.Finish(buffer, RouteAttribute.WriteUInt32(buffer, Begin(buffer, index, up: null), Interop.Netlink.IFLA_MASTER, (uint)masterIndex),
            Interop.Netlink.RTM_NEWLINK, flags, sequence);

    /// <summary>Sets a link up or down.</summary>
    public static int WriteSetUp(Span<byte> buffer, ushort flags, uint sequence, int index, bool up) =>
        RoutingRequestWriter.Finish(buffer, Begin(buffer, index, up), Interop.Netlink.RTM_NEWLINK, flags, sequence);

    /// <summary>
    /// IPv6 address generation off (IN6_ADDR_GEN_MODE_NONE): every VMAC of a VRID has the same MAC, so an
    /// EUI-64 link-local address would collide between the routers; keepalived adds one from the base MAC instead.
    /// </summary>
    public static int WriteAddressGenerationNone(Span<byte> buffer, ushort flags, uint sequence, int index)
    {
        int offset = Begin(buffer, index, up: null);
        int afSpec = offset;
        offset += RouteAttribute.HeaderSize;
        int inet6 = offset;
        offset += RouteAttribute.HeaderSize;
        offset = RouteAttribute.Write(buffer, offset, IflaInet6AddrGenMode, [In6AddrGenModeNone]);
        CloseNest(buffer, inet6, offset, (ushort)Interop.AddressFamilies.AF_INET6);
        CloseNest(buffer, afSpec, offset, IflaAfSpec);
        return RoutingRequestWriter.Finish(buffer, offset, Interop.Netlink.RTM_NEWLINK, flags, sequence);
    }

    /// <summary>Asks for one link by index (no dump): the kernel answers with its RTM_NEWLINK, or ENODEV.</summary>
    public static int WriteGet(Span<byte> buffer, uint sequence, int index) =>
        RoutingRequestWriter.Finish(buffer, Begin(buffer, index, up: null), Interop.Netlink.RTM_GETLINK, Interop.Netlink.NLM_F_REQUEST, sequence);

    public static int WriteDelete(Span<byte> buffer, ushort flags, uint sequence, int index) =>
        RoutingRequestWriter.Finish(buffer, Begin(buffer, index, up: null), Interop.Netlink.RTM_DELLINK, flags, sequence);

    private static unsafe int Begin(Span<byte> buffer, int index, bool? up)
    {
        buffer[..MaxLength].Clear();
        var info = new Interop.ifinfomsg
        {
            ifi_index = index,
            ifi_flags = up == true ? Interop.Netlink.IFF_UP : 0,
            ifi_change = up is null ? 0 : Interop.Netlink.IFF_UP,
        };
        MemoryMarshal.Write(buffer[NetlinkMessage.HeaderSize..], in info);
        return NetlinkMessage.HeaderSize + NetlinkMessage.Align(sizeof(Interop.ifinfomsg));
    }

    private static void CloseNest(Span<byte> buffer, int start, int end, ushort type)
    {
        var header = new Interop.rtattr { rta_len = (ushort)(end - start), rta_type = type }; // no NLA_F_NESTED, like iproute2
        MemoryMarshal.Write(buffer[start..], in header);
    }
}
