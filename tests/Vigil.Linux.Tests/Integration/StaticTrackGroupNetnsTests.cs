using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;
using static Vigil.Linux.Tests.Integration.VigilRunNetnsTests;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `track_group` on static_ipaddress / static_routes / static_rules and default_interface, as keepalived 2.2.7 applies
/// them (vrrp_static_track.c, vrrp_if.c interface_up, vrrp_ipaddress.c): the group's instances track the static entries'
/// interfaces unweighted (FAULT while one is down), the static addresses and routes on an interface are re-added when it
/// comes up, and a static address without 'dev' goes on default_interface.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class StaticTrackGroupNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string OtherVip = "192.0.2.101";
    private const string StaticAddress = "203.0.113.10";
    private const string StaticRoute = "203.0.113.128/25";
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-stg-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void TrackGroup_StaticEntriesInterfaceDown_GroupInstanceFaultsOthersStayThenRecoversWithTheRouteReAdded()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("stg");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string uplink = lab.Prefix + "up";
        a.Ip("link", "add", uplink, "type", "veth", "peer", "name", lab.Prefix + "upp"); // both ends in a's namespace
        a.Ip("link", "set", lab.Prefix + "upp", "up");
        a.Ip("link", "set", uplink, "up");
        string conf = Write("a.conf", $$"""
            global_defs {
                router_id {{a.Namespace}}
            }
            track_group G {
                group {
                    VI_1
                }
            }
            static_ipaddress {
                {{StaticAddress}}/32 dev {{uplink}} track_group G
            }
            static_routes {
                {{StaticRoute}} dev {{uplink}} scope link track_group G
            }
            static_rules {
                from 192.0.2.100 iif {{uplink}} table 100 preference 100 track_group G
            }
            {{Instance("VI_1", 51, Vip, a)}}
            {{Instance("VI_2", 52, OtherVip, a)}}
            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && Has(a, OtherVip), "alone, both instances should become master", vigil);
        Assert.Contains(StaticAddress + "/32", a.Ip("-4", "addr", "show", "dev", uplink), StringComparison.Ordinal);
        Assert.Contains(StaticRoute, Routes(a), StringComparison.Ordinal);

        a.Ip("link", "set", uplink, "down");
        AssertWithin(s_limit, () => !HasVip(a), "the static entries' interface went down: VI_1 (in track_group G) goes to FAULT", vigil);
        Assert.True(Has(a, OtherVip), "VI_2 is not in the group and stays master");
        Assert.DoesNotContain(StaticRoute, Routes(a), StringComparison.Ordinal); // the kernel dropped it with the link

        a.Ip("link", "set", uplink, "up");
        AssertWithin(s_limit, () => HasVip(a), "interface up again: VI_1 back to master", vigil);
        AssertWithin(s_limit, () => Routes(a).Contains(StaticRoute, StringComparison.Ordinal), "the static route is re-added when its interface comes up", vigil);
        Assert.Contains(StaticAddress + "/32", a.Ip("-4", "addr", "show", "dev", uplink), StringComparison.Ordinal);
        Assert.Contains("static: restored route", vigil.StandardError, StringComparison.Ordinal);
        output.WriteLine(vigil.StandardError);
    }

    [SkippableFact]
    public void DefaultInterface_StaticAddressWithoutDev_GoesOnTheDefaultInterface()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dfif");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string other = lab.Prefix + "df";
        a.Ip("link", "add", other, "type", "veth", "peer", "name", lab.Prefix + "dfp");
        a.Ip("link", "set", other, "up");
        string conf = Write("a.conf", $$"""
            global_defs {
                router_id {{a.Namespace}}
                default_interface {{other}}
            }
            static_ipaddress {
                {{StaticAddress}}/32
            }
            {{Instance("VI_1", 51, Vip, a)}}
            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);
        string onOther = a.Ip("-4", "addr", "show", "dev", other);
        Assert.Contains(StaticAddress + "/32", onOther, StringComparison.Ordinal);
        Assert.DoesNotContain(StaticAddress, a.Ip("-4", "addr", "show", "dev", a.Interface), StringComparison.Ordinal);
        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain(StaticAddress, a.Ip("-4", "addr", "show", "dev", other), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void StaticAddressDeletedByHand_PutBackLoggedOnceWithItsLine_NoTrackOneLeftDeleted()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("stdel");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        const string Untracked = "203.0.113.11";
        string conf = Write("a.conf", $$"""
            static_ipaddress {
                {{StaticAddress}}/32 dev {{a.Interface}}
                {{Untracked}}/32 dev {{a.Interface}} no_track
            }
            {{Instance("VI_1", 51, Vip, a)}}
            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);
        Assert.True(Has(a, StaticAddress) && Has(a, Untracked), "both static addresses are installed at start");

        // The no_track one first: the loop handles its deletion before the other's, so once the other is back its fate is known.
        a.Ip("addr", "del", Untracked + "/32", "dev", a.Interface);
        a.Ip("addr", "del", StaticAddress + "/32", "dev", a.Interface);
        AssertWithin(s_limit, () => Has(a, StaticAddress), "a static address deleted by hand is put back (keepalived's reinstate_static_address)", vigil);
        Assert.False(Has(a, Untracked), "a no_track static address stays deleted, as keepalived's");
        AssertWithin(s_limit, () => vigil.StandardError.Contains("static: restored address " + StaticAddress + "/32", StringComparison.Ordinal), "the restore is logged", vigil);
        string[] lines = [.. vigil.StandardError.Split('\n').Where(l => l.Contains("it was deleted (not by vigil", StringComparison.Ordinal))];
        output.WriteLine(string.Join('\n', lines));
        Assert.Contains("a.conf:2", Assert.Single(lines), StringComparison.Ordinal);
        Assert.True(HasVip(a), "a static address's deletion changes no instance");

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.False(Has(a, StaticAddress), "removed at stop, not put back by the stop's own deletion");
    }

    private static string Instance(string name, int vrid, string vip, LabNode node) => $$"""
        vrrp_instance {{name}} {
            state MASTER
            interface {{node.Interface}}
            virtual_router_id {{vrid}}
            version 3
            priority 100
            advert_int 0.1
            virtual_ipaddress {
                {{vip}}/24 dev {{node.Interface}}
            }
        }
        """;

    private static bool Has(LabNode node, string address) => node.ListAddresses().Any(x => x.Local == address);

    private static string Routes(LabNode node) => node.Ip("-4", "route", "show", "table", "all");

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
