using System.Net;
using System.Net.Sockets;
using Vigil.Linux.Netlink;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>rtnetlink against a real kernel, checked independently with `ip -j`.</summary>
public sealed class RtNetlinkNetnsTests
{
    [SkippableFact]
    public void AddAddress_IPv4WithLabelAndBroadcast_IpShowsItThenDeleteRemovesIt()
    {
        using NetlinkSetup setup = NetlinkSetup.Create("nl4");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);
        a.AddAddress("192.0.2.1/24");
        var vip = new InterfaceAddress(index, IPAddress.Parse("192.0.2.100"), 24, IPAddress.Parse("192.0.2.255"), Label: a.Interface + ":2");

        Assert.Equal(AddressChange.Done, netlink.AddAddress(vip));

        Assert.Contains(a.ListAddresses(), x => x == ("192.0.2.100", 24, vip.Label, false));
        InterfaceAddress dumped = Assert.Single(netlink.GetAddresses(AddressFamily.InterNetwork, index), x => x.Address.Equals(vip.Address));
        Assert.Equal(vip with { Scope = AddressScope.Global }, dumped);

        Assert.Equal(AddressChange.Done, netlink.DeleteAddress(vip));
        Assert.DoesNotContain(a.ListAddresses(), x => x.Local == "192.0.2.100");
    }

    [SkippableFact]
    public void AddAddress_AlreadyPresent_ReportsAlreadyPresentWithoutThrowing()
    {
        using NetlinkSetup setup = NetlinkSetup.Create("nlex");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);
        a.AddAddress("203.0.113.7/24");

        Assert.Equal(AddressChange.AlreadyPresent, netlink.AddAddress(new InterfaceAddress(index, IPAddress.Parse("203.0.113.7"), 24)));
    }

    [SkippableFact]
    public void DeleteAddress_NotPresent_ReportsNotPresentWithoutThrowing()
    {
        using NetlinkSetup setup = NetlinkSetup.Create("nlnp");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);

        Assert.Equal(AddressChange.NotPresent, netlink.DeleteAddress(new InterfaceAddress(index, IPAddress.Parse("198.51.100.9"), 24)));
        Assert.Equal(AddressChange.NotPresent, netlink.DeleteAddress(new InterfaceAddress(index, IPAddress.Parse("2001:db8::9"), 64)));
    }

    [SkippableFact]
    public void AddAddress_IPv6NoDad_IpShowsNodadThenDeleteRemovesIt()
    {
        using NetlinkSetup setup = NetlinkSetup.Create("nl6");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);
        var vip = new InterfaceAddress(index, IPAddress.Parse("2001:db8::100"), 64, NoDad: true);

        Assert.Equal(AddressChange.Done, netlink.AddAddress(vip));

        Assert.Contains(a.ListAddresses(), x => x.Local == "2001:db8::100" && x.PrefixLength == 64 && x.NoDad);
        Assert.Contains(netlink.GetAddresses(AddressFamily.InterNetworkV6), x => x.Address.Equals(vip.Address) && x.NoDad);

        Assert.Equal(AddressChange.Done, netlink.DeleteAddress(vip));
        Assert.DoesNotContain(a.ListAddresses(), x => x.Local == "2001:db8::100");
    }

    [SkippableFact]
    public void GetLinks_Node_ReportsInterfaceUpWithIpsMacAddress()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("nlln");
        LabNode a = lab.AddNode("a");
        using RtNetlink netlink = a.InNamespace(RtNetlink.Open);

        LinkInfo link = Assert.Single(netlink.GetLinks(), l => l.Name == a.Interface);

        Assert.True(link.IsUp);
        Assert.Equal(a.HardwareAddress(), link.HardwareAddress);
        Assert.Equal(a.InNamespace(() => RtNetlink.GetInterfaceIndex(a.Interface)), link.InterfaceIndex);
    }

    [SkippableFact]
    public void LinkMonitor_InterfaceSetDownThenUp_ReportsDownThenUp()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("nlev");
        LabNode a = lab.AddNode("a");
        using LinkMonitor monitor = a.InNamespace(LinkMonitor.Open);

        a.Ip("link", "set", a.Interface, "down");
        LinkEvent down = WaitForEvent(monitor, e => e.Link?.Name == a.Interface && !e.Link.IsUp);
        a.Ip("link", "set", a.Interface, "up");
        LinkEvent up = WaitForEvent(monitor, e => e.Link?.Name == a.Interface && e.Link.IsUp);

        Assert.Equal(LinkEventKind.Changed, down.Kind);
        Assert.Equal(LinkEventKind.Changed, up.Kind);
        Assert.Equal(0, monitor.ForeignDatagramsDropped);
    }

    [SkippableFact]
    public void LinkMonitor_InterfaceDeleted_ReportsRemoved()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("nldel");
        LabNode a = lab.AddNode("a");
        using LinkMonitor monitor = a.InNamespace(LinkMonitor.Open);

        a.Ip("link", "del", a.Interface);

        Assert.Equal(LinkEventKind.Removed, WaitForEvent(monitor, e => e.Link?.Name == a.Interface && e.Kind == LinkEventKind.Removed).Kind);
    }

    [SkippableFact]
    public void IsLinkUp_UpDownAndDeleted_AnswersTheLinksStateNow()
    {
        using NetlinkSetup setup = NetlinkSetup.Create("nlup");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);
        Assert.True(netlink.IsLinkUp(index));
        a.Ip("link", "set", a.Interface, "down");
        Assert.False(netlink.IsLinkUp(index));
        a.Ip("link", "set", a.Interface, "up");
        Assert.True(netlink.IsLinkUp(index));
        a.Ip("link", "del", a.Interface);
        Assert.False(netlink.IsLinkUp(index)); // gone: ENODEV, read as down, not thrown
    }

    [SkippableFact]
    public void GetRoutesAndRules_OnlyTheOnesMarkedKeepalived_InTheShapeADeletionIsRead()
    {
        // The re-read after a route monitor overrun: ours (protocol 18, any table, both families) come back, the
        // kernel's and another daemon's do not.
        using NetlinkSetup setup = NetlinkSetup.Create("nlrd");
        (LabNode a, RtNetlink netlink, int index) = (setup.Node, setup.Netlink, setup.Index);
        a.AddAddress("192.0.2.1/24");
        a.Ip("route", "add", "203.0.113.0/24", "via", "192.0.2.254", "proto", "static");
        a.Ip("rule", "add", "from", "192.0.2.200", "table", "300", "preference", "300", "protocol", "static");
        var route = new RouteRequest(AddressFamily.InterNetwork, IPAddress.Parse("198.51.100.0"), 25, Table: 100, OutputInterface: index);
        var route6 = new RouteRequest(AddressFamily.InterNetworkV6, IPAddress.Parse("2001:db8:1::"), 64, OutputInterface: index);
        var rule = new RuleRequest(AddressFamily.InterNetwork) { From = IPAddress.Parse("192.0.2.100"), FromPrefixLength = 32, Table = 100, Priority = 100, Protocol = RouteRequest.KeepalivedProtocol };
        Assert.Equal(AddressChange.Done, netlink.AddRoute(route));
        Assert.Equal(AddressChange.Done, netlink.AddRoute(route6));
        Assert.Equal(AddressChange.Done, netlink.AddRule(rule));

        IReadOnlyList<RouteRequest> routes = netlink.GetRoutes();
        IReadOnlyList<RuleRequest> rules = netlink.GetRules();

        Assert.Equal([(AddressFamily.InterNetwork, "198.51.100.0", 25, 100u, index, (uint?)null), (AddressFamily.InterNetworkV6, "2001:db8:1::", 64, 254u, index, 1024u)],
            routes.Select(r => (r.Family, r.Destination?.ToString(), r.PrefixLength, r.Table, r.OutputInterface, r.Metric)).Order());
        RuleRequest dumped = Assert.Single(rules, r => r.Priority == 100);
        Assert.Equal((IPAddress.Parse("192.0.2.100"), 32, 100u, (byte?)RouteRequest.KeepalivedProtocol), (dumped.From, dumped.FromPrefixLength, dumped.Table, dumped.Protocol));
        Assert.DoesNotContain(rules, r => r.Priority == 300);
    }

    /// <summary>A lab with one node and an rtnetlink socket opened inside it.</summary>
    private sealed class NetlinkSetup : IDisposable
    {
        private readonly NetnsLab _lab;

        private NetlinkSetup(NetnsLab lab, LabNode node)
        {
            _lab = lab;
            Node = node;
            Netlink = node.InNamespace(RtNetlink.Open);
            Index = node.InNamespace(() => RtNetlink.GetInterfaceIndex(node.Interface));
        }

        public LabNode Node { get; }

        public RtNetlink Netlink { get; }

        public int Index { get; }

        public static NetlinkSetup Create(string id)
        {
            NetnsLab.SkipUnlessAvailable();
            NetnsLab lab = NetnsLab.Create(id);
            try
            {
                return new NetlinkSetup(lab, lab.AddNode("a"));
            }
            catch
            {
                lab.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Netlink.Dispose();
            _lab.Dispose();
        }
    }

    private static LinkEvent WaitForEvent(LinkMonitor monitor, Func<LinkEvent, bool> match)
    {
        var events = new List<LinkEvent>();
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (monitor.Wait(500) == WaitOutcome.Ready)
            {
                monitor.ReadEvents(events);
                foreach (LinkEvent e in events)
                {
                    if (match(e))
                    {
                        return e;
                    }
                }

                events.Clear();
            }
        }

        throw new Xunit.Sdk.XunitException("the expected link event did not arrive within 10 s");
    }
}
