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
