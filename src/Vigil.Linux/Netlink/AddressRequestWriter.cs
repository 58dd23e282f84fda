using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Linux.Netlink;

/// <summary>Builds RTM_NEWADDR / RTM_DELADDR requests; pure, so golden bytes can be tested.</summary>
internal static class AddressRequestWriter
{
    /// <summary>Large enough for header, ifaddrmsg and every attribute we write (two addresses, broadcast, label, flags, cacheinfo: 120).</summary>
    public const int MaxLength = 128;

    public static unsafe int Write(Span<byte> buffer, ushort messageType, ushort flags, uint sequence, InterfaceAddress address)
    {
        bool isIPv4 = address.Address.AddressFamily == AddressFamily.InterNetwork;
        if (!isIPv4 && address.Address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            throw new ArgumentException($"{address.Address} is neither IPv4 nor IPv6", nameof(address));
        }

        int maxPrefix = isIPv4 ? 32 : 128;
        ArgumentOutOfRangeException.ThrowIfNegative(address.PrefixLength, nameof(address));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address.PrefixLength, maxPrefix, nameof(address));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(address.InterfaceIndex, nameof(address));

        if (address.Peer is { } p && p.AddressFamily != address.Address.AddressFamily)
        {
            throw new ArgumentException($"peer {p} is not of the family of {address.Address}", nameof(address));
        }

        uint addressFlags = (uint)address.Flags | (address.NoDad ? Interop.Netlink.IFA_F_NODAD : 0);
        buffer[..MaxLength].Clear();
        int offset = NetlinkMessage.HeaderSize;
        var ifa = new Interop.ifaddrmsg
        {
            ifa_family = (byte)(isIPv4 ? Interop.AddressFamilies.AF_INET : Interop.AddressFamilies.AF_INET6),
            ifa_prefixlen = (byte)address.PrefixLength,
            ifa_flags = (byte)addressFlags, // the low 8 bits, for kernels without IFA_FLAGS; the whole set goes in IFA_FLAGS
            ifa_scope = (byte)address.Scope,
            ifa_index = (uint)address.InterfaceIndex,
        };
        MemoryMarshal.Write(buffer[offset..], in ifa);
        offset += NetlinkMessage.Align(sizeof(Interop.ifaddrmsg));

        Span<byte> bytes = stackalloc byte[16];
        int length = address.Address.TryWriteBytes(bytes, out int written) ? written : 0;
        ReadOnlySpan<byte> value = bytes[..length];

        // Like `ip addr add`, IPv4 sends IFA_LOCAL and IFA_ADDRESS (equal unless point-to-point);
        // IPv6 identifies the address by IFA_ADDRESS, which inet6_rtm_deladdr matches with the prefix length.
        // With a peer both families send the address as IFA_LOCAL and the peer as IFA_ADDRESS, on add as keepalived
        // 2.2.7 does, and on delete too: IPv4's inet_rtm_deladdr matches IFA_ADDRESS against the peer (keepalived sends
        // the local address there and so never deletes a peer address), IPv6's takes IFA_LOCAL over IFA_ADDRESS.
        if (isIPv4 || address.Peer is not null)
        {
            offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_LOCAL, value);
        }

        if (address.Peer is { } peer && peer.TryWriteBytes(bytes, out int peerLength))
        {
            offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_ADDRESS, bytes[..peerLength]);
        }
        else
        {
            offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_ADDRESS, value);
        }

        if (messageType == Interop.Netlink.RTM_NEWADDR)
        {
            if (isIPv4 && address.Broadcast is not null && address.Broadcast.TryWriteBytes(bytes, out int broadcastLength) && broadcastLength == 4)
            {
                offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_BROADCAST, bytes[..4]);
            }

            if (isIPv4 && address.Label is { Length: > 0 } label)
            {
                // IFNAMSIZ is 16 including the terminating NUL.
                Span<byte> labelBytes = stackalloc byte[16];
                int labelLength = Encoding.UTF8.GetBytes(label.AsSpan(0, Math.Min(label.Length, 15)), labelBytes);
                labelBytes[labelLength] = 0;
                offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_LABEL, labelBytes[..(labelLength + 1)]);
            }

            if (addressFlags != 0)
            {
                offset = RouteAttribute.WriteUInt32(buffer, offset, Interop.Netlink.IFA_FLAGS, addressFlags);
            }

            // keepalived sends lifetimes only when the preferred one is not forever; the valid one stays infinite.
            if (address.PreferredLifetime is { } preferred)
            {
                var cacheInfo = new Interop.ifa_cacheinfo { ifa_prefered = preferred, ifa_valid = Interop.Netlink.INFINITY_LIFE_TIME };
                offset = RouteAttribute.Write(buffer, offset, Interop.Netlink.IFA_CACHEINFO, MemoryMarshal.AsBytes(new ReadOnlySpan<Interop.ifa_cacheinfo>(in cacheInfo)));
            }
        }

        var header = new Interop.nlmsghdr
        {
            nlmsg_len = (uint)offset,
            nlmsg_type = messageType,
            nlmsg_flags = flags,
            nlmsg_seq = sequence,
        };
        MemoryMarshal.Write(buffer, in header);
        return offset;
    }
}
