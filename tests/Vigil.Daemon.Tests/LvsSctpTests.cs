using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Tests;

/// <summary>
/// <c>protocol SCTP</c> (keepalived 2.2.7's third protocol): the virtual server is an IPVS service of protocol 132; its
/// checkers still connect over TCP. The real kernel's table is compared with keepalived's by lvs-guest case 13.
/// </summary>
public sealed class LvsSctpTests
{
    [Fact]
    public void Install_SctpVirtualServer_AddsAnSctpServiceAndItsRealServers()
    {
        var table = new RecordingIpvsTable();
        var server = new VirtualServer(default)
        {
            Address = IPAddress.Parse("203.0.113.10"),
            Port = 3868,
            Scheduler = "rr",
            Protocol = LvsProtocol.Sctp,
            RealServers = new([new RealServer(IPAddress.Parse("192.0.2.11"), 3868, default)]),
        };

        new LvsState([server], table).Install();

        Assert.Equal(IpvsProtocol.Sctp, LvsMapping.Service(server).Protocol);
        Assert.Equal("add-svc SCTP 203.0.113.10:3868 rr", table.Calls[0]);
    }
}
