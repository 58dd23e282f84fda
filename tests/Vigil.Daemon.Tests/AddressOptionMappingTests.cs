using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Hosting;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>
/// An address line → the RTM_NEWADDR request, as keepalived 2.2.7's netlink_ipaddress builds it: IPv6 gets
/// IFA_F_NODAD unless '-nodad' and lifetimes (a /128 without preferred_lft is deprecated), IPv4 neither.
/// </summary>
public sealed class AddressOptionMappingTests
{
    private static AddressEntry Entry(string address, int prefix) => new(IPAddress.Parse(address), prefix, SourceRef.None);

    [Fact]
    public void AddressOn_IPv6Slash128WithoutPreferredLft_NoDadAndDeprecated() =>
        Assert.Equal(new InterfaceAddress(4, IPAddress.Parse("2001:db8::10"), 128, NoDad: true, PreferredLifetime: 0), VrrpDaemon.AddressOn(Entry("2001:db8::10", 128), 4));

    [Fact]
    public void AddressOn_IPv6Slash64MinusNodadPreferredLft_DadKeptLifetimeSent() =>
        Assert.Equal(new InterfaceAddress(4, IPAddress.Parse("2001:db8::10"), 64, PreferredLifetime: 300),
            VrrpDaemon.AddressOn(Entry("2001:db8::10", 64) with { NoDad = true, PreferredLifetime = "300" }, 4));

    [Fact]
    public void AddressOn_IPv6PreferredForever_NoLifetimeSent() =>
        Assert.Null(VrrpDaemon.AddressOn(Entry("2001:db8::10", 128) with { PreferredLifetime = "forever" }, 4).PreferredLifetime);

    [Fact]
    public void AddressOn_IPv4WithEveryFlagPeerAndPreferredLft_FlagsAndPeerButNoLifetimeNorNoDad()
    {
        AddressEntry entry = Entry("192.0.2.10", 32) with
        {
            Peer = IPAddress.Parse("192.0.2.20"),
            Home = true,
            ManageTemporaryAddress = true,
            NoPrefixRoute = true,
            AutoJoin = true,
            PreferredLifetime = "0",
        };

        InterfaceAddress address = VrrpDaemon.AddressOn(entry, 4);

        Assert.Equal(new InterfaceAddress(4, IPAddress.Parse("192.0.2.10"), 32, Peer: IPAddress.Parse("192.0.2.20"),
            Flags: AddressFlags.HomeAddress | AddressFlags.ManageTemporaryAddress | AddressFlags.NoPrefixRoute | AddressFlags.MulticastAutoJoin), address);
    }
}
