using System.Net;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Linux;
using Vigil.Linux.Netlink;

namespace Vigil.Daemon.Tests;

/// <summary>
/// <see cref="StaticEntries.MovedTo"/>: static addresses and routes follow their interface's name onto the index it has
/// after being deleted and created again, as keepalived 2.2.7's entries point at the interface by name.
/// </summary>
public sealed class StaticEntriesTests
{
    private const int Eth0 = 2, Eth1 = 3, Eth1Again = 7;
    private static readonly SourceRef s_at = new SourceLocation("keepalived.conf", 3, 5);

    private static readonly StaticEntries s_statics = new(
        [
            Address("198.51.100.9", "eth1", Eth1),
            Address("2001:db8:9::9", "eth1", Eth1),
            Address("192.0.2.9", device: null, Eth0), // default_interface
        ],
        [
            (new RouteEntry("203.0.113.0/24", s_at) { Device = "eth1" }, Route("203.0.113.0", Eth1)),
            (new RouteEntry("2001:db8:3::/64", s_at) { Device = "eth1" }, Route("2001:db8:3::", Eth1)),
            (new RouteEntry("198.51.100.0/25", s_at) { Via = IPAddress.Parse("192.0.2.254") }, Route("198.51.100.0", 0)),
        ],
        [],
        DefaultInterface: "eth0");

    [Fact]
    public void MovedTo_TheNameNowHasThatIndex_ItsAddressesAndRoutesMoveThere_OthersStay()
    {
        StaticEntries moved = s_statics.MovedTo(Eth1Again, Hosts(eth1: Eth1Again));

        Assert.Equal([Eth1Again, Eth1Again, Eth0], moved.Addresses.Select(a => a.Address.InterfaceIndex));
        Assert.Equal([Eth1Again, Eth1Again, 0], moved.Routes.Select(r => r.Route.OutputInterface));
        Assert.Equal(s_statics.Addresses[0].Address with { InterfaceIndex = Eth1Again }, moved.Addresses[0].Address); // nothing else changes
        Assert.Same(s_statics.Addresses[2].Entry, moved.Addresses[2].Entry);
    }

    [Fact]
    public void MovedTo_TheDefaultInterfaceCreatedAgain_AnAddressWithoutDevMovesWithIt() =>
        Assert.Equal([Eth1, Eth1, 9], s_statics.MovedTo(9, name => name == "eth0" ? 9 : Eth1).Addresses.Select(a => a.Address.InterfaceIndex));

    [Theory]
    [InlineData(Eth1)] // eth1 came up again without being re-created
    [InlineData(Eth0)] // another interface came up
    [InlineData(11)] // an interface no static entry names
    public void MovedTo_NothingToMove_TheSameEntries(int index) =>
        Assert.Same(s_statics, s_statics.MovedTo(index, Hosts(eth1: Eth1)));

    [Fact]
    public void MovedTo_TheInterfaceIsGoneMeanwhile_NothingMoves() =>
        Assert.Same(s_statics, s_statics.MovedTo(Eth1Again, Hosts(eth1: 0)));

    private static Func<string, int> Hosts(int eth1) => name => name switch
    {
        "eth0" => Eth0,
        "eth1" => eth1,
        _ => 0,
    };

    private static (AddressEntry, InterfaceAddress) Address(string address, string? device, int index)
    {
        IPAddress ip = IPAddress.Parse(address);
        int prefix = ip.AddressFamily == AddressFamily.InterNetworkV6 ? 64 : 24;
        return (new AddressEntry(ip, prefix, s_at) { Device = device }, new InterfaceAddress(index, ip, prefix));
    }

    private static RouteRequest Route(string destination, int index)
    {
        IPAddress ip = IPAddress.Parse(destination);
        return new RouteRequest(ip.AddressFamily, ip, ip.AddressFamily == AddressFamily.InterNetworkV6 ? 64 : 24) { OutputInterface = index };
    }
}
