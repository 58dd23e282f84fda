using System.Net;
using Vigil.Linux.Netlink;

namespace Vigil.Linux.Tests.Unit;

/// <summary>
/// The RTM_NEWADDR/RTM_DELADDR bytes for the address-line options, as keepalived 2.2.7's netlink_ipaddress sends
/// them: flags in IFA_FLAGS, the peer as IFA_ADDRESS beside IFA_LOCAL, the preferred lifetime in IFA_CACHEINFO
/// with an infinite valid one.
/// </summary>
public sealed class AddressOptionMessageTests
{
    [Fact]
    public void Write_IPv4PeerWithFlags_LocalThenPeerAsAddressAndIfaFlags()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(7, IPAddress.Parse("192.0.2.10"), 32, Peer: IPAddress.Parse("192.0.2.20"), Flags: AddressFlags.HomeAddress | AddressFlags.NoPrefixRoute);

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 42, vip);

        byte[] expected =
        [
            48, 0, 0, 0, 20, 0, 0x05, 0x06, 42, 0, 0, 0, 0, 0, 0, 0, // nlmsghdr: len 48, RTM_NEWADDR, seq 42
            2, 32, 0x10, 0, 7, 0, 0, 0,                              // ifaddrmsg: AF_INET /32, low flag bits (HOMEADDRESS), ifindex 7
            8, 0, 2, 0, 192, 0, 2, 10,                               // IFA_LOCAL: the address
            8, 0, 1, 0, 192, 0, 2, 20,                               // IFA_ADDRESS: the peer
            8, 0, 8, 0, 0x10, 0x02, 0, 0,                            // IFA_FLAGS: HOMEADDRESS | NOPREFIXROUTE (0x210)
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void Write_IPv6DeprecatedNoDadManagedTemporary_CacheInfoPreferredZeroValidForever()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(3, IPAddress.Parse("2001:db8::10"), 64, NoDad: true, Flags: AddressFlags.ManageTemporaryAddress | AddressFlags.MulticastAutoJoin, PreferredLifetime: 0);

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 1, vip);

        Assert.Equal(16 + 8 + 20 + 8 + 20, length);
        Assert.Equal(0x02, buffer[18]); // ifa_flags: NODAD in the low bits
        Assert.Equal(new byte[] { 20, 0, 1, 0 }, buffer[24..28]); // IFA_ADDRESS only: no peer
        Assert.Equal(new byte[] { 8, 0, 8, 0, 0x02, 0x05, 0, 0 }, buffer[44..52]); // IFA_FLAGS NODAD | MANAGETEMPADDR | MCAUTOJOIN (0x502)
        Assert.Equal(new byte[] { 20, 0, 6, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0 }, buffer[52..72]); // IFA_CACHEINFO: preferred 0, valid forever
    }

    [Fact]
    public void Write_IPv6Peer_LocalIsTheAddressAndAddressThePeer()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(3, IPAddress.Parse("2001:db8::11"), 128, Peer: IPAddress.Parse("2001:db8::21"));

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 1, vip);

        Assert.Equal(16 + 8 + 20 + 20, length);
        Assert.Equal(new byte[] { 20, 0, 2, 0 }, buffer[24..28]);
        Assert.Equal(IPAddress.Parse("2001:db8::11").GetAddressBytes(), buffer[28..44]);
        Assert.Equal(new byte[] { 20, 0, 1, 0 }, buffer[44..48]);
        Assert.Equal(IPAddress.Parse("2001:db8::21").GetAddressBytes(), buffer[48..64]);
    }

    [Fact]
    public void Write_DeleteIPv4Peer_MatchesByLocalAndPeerWithoutFlagsOrLifetimes()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(7, IPAddress.Parse("192.0.2.10"), 32, Peer: IPAddress.Parse("192.0.2.20"), Flags: AddressFlags.NoPrefixRoute, PreferredLifetime: 0);

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_DELADDR, 0x5, 9, vip);

        Assert.Equal(16 + 8 + 8 + 8, length);
        Assert.Equal(new byte[] { 8, 0, 2, 0, 192, 0, 2, 10, 8, 0, 1, 0, 192, 0, 2, 20 }, buffer[24..40]);
    }

    [Fact]
    public void Write_ThenParse_PeerFlagsAndPreferredLifetimeRoundTrip()
    {
        byte[] buffer = new byte[AddressRequestWriter.MaxLength];
        var vip = new InterfaceAddress(3, IPAddress.Parse("2001:db8::11"), 128, NoDad: true, Peer: IPAddress.Parse("2001:db8::21"), Flags: AddressFlags.HomeAddress | AddressFlags.NoPrefixRoute, PreferredLifetime: 300);

        int length = AddressRequestWriter.Write(buffer, Interop.Netlink.RTM_NEWADDR, 0x605, 1, vip);

        Assert.True(AddressMessageParser.TryParse(buffer.AsSpan(16, length - 16), out InterfaceAddress? parsed));
        Assert.Equal(vip, parsed);
    }

    [Fact]
    public void Write_PeerOfTheOtherFamily_Throws()
    {
        var vip = new InterfaceAddress(3, IPAddress.Parse("192.0.2.10"), 32, Peer: IPAddress.Parse("2001:db8::21"));

        Assert.Throws<ArgumentException>(() => AddressRequestWriter.Write(new byte[AddressRequestWriter.MaxLength], Interop.Netlink.RTM_NEWADDR, 0, 1, vip));
    }
}
