using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// virtual_ipaddress_excluded, virtual_routes, virtual_rules and static_ipaddress / static_routes / static_rules
/// applied by `vigil run` as keepalived 2.2.7 applies them: the virtual ones only on the MASTER (added with the
/// VIPs, removed when leaving MASTER and at stop), the static ones on every node from start to stop; leftovers of
/// an earlier run are purged at start.
/// </summary>
public sealed class VigilRunRoutingNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string ExcludedV4 = "203.0.113.50";
    private const string ExcludedV6 = "2001:db8::50";
    private const string StaticAddress = "198.51.100.200";
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-routing-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_ExcludedRoutesRulesStatics_FollowMastershipAndStopWithLeftoversPurged()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("rtg");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1");
        // What a crashed run (or keepalived) left on the backup: an excluded VIP, a virtual route (proto keepalived), a virtual rule.
        b.Ip("addr", "add", ExcludedV4 + "/32", "dev", b.Interface);
        b.Ip("route", "add", "198.51.100.0/25", "via", "192.0.2.254", "dev", b.Interface, "proto", "18");
        b.Ip("rule", "add", "from", "192.0.2.100", "lookup", "100", "preference", "100");

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "Vigil (MASTER) should take the VIP", master);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => backup.StandardError.Contains("Initialize -> Backup", StringComparison.Ordinal), "the backup should start", master, backup);
        Thread.Sleep(500); // several adverts: the backup stays backup

        AssertVirtualEntries(a, present: true, "on the MASTER");
        AssertVirtualEntries(b, present: false, "on the BACKUP (leftovers purged at start, nothing added)");
        AssertStaticEntries(a, present: true, "on the MASTER");
        AssertStaticEntries(b, present: true, "on the BACKUP");

        master.Terminate();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => VigilRunNetnsTests.HasVip(b), "after SIGTERM of the master the backup should take over", master, backup);
        Assert.Equal(0, master.WaitForExit(TimeSpan.FromSeconds(20)));
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Routes(b).Contains("198.51.100.0/25 via 192.0.2.254", StringComparison.Ordinal), "the new master should add its routes", backup);
        AssertVirtualEntries(b, present: true, "on the new MASTER");
        AssertVirtualEntries(a, present: false, "on the stopped node");
        AssertStaticEntries(a, present: false, "on the stopped node (keepalived clears static entries at stop)");
        output.WriteLine(backup.StandardError);
    }

    private static void AssertVirtualEntries(LabNode node, bool present, string where)
    {
        var addresses = node.ListAddresses().Select(x => x.Local).ToList();
        Assert.True(present == addresses.Contains(ExcludedV4), $"excluded IPv4 VIP {(present ? "missing" : "present")} {where}: {string.Join(' ', addresses)}");
        Assert.True(present == addresses.Contains(ExcludedV6), $"excluded IPv6 VIP {(present ? "missing" : "present")} {where}: {string.Join(' ', addresses)}");
        string routes = Routes(node);
        Assert.True(present == routes.Contains("198.51.100.0/25 via 192.0.2.254", StringComparison.Ordinal), $"virtual route {where}:\n{routes}");
        Assert.True(present == routes.Contains("default via 192.0.2.254", StringComparison.Ordinal), $"virtual route in table 100 {where}:\n{routes}");
        string rules = node.Ip("-4", "rule", "show");
        Assert.True(present == rules.Contains("100:\tfrom 192.0.2.100 lookup 100", StringComparison.Ordinal), $"virtual rule {where}:\n{rules}");
    }

    private static void AssertStaticEntries(LabNode node, bool present, string where)
    {
        Assert.True(present == node.ListAddresses().Any(x => x.Local == StaticAddress), $"static address {where}");
        string routes = Routes(node);
        Assert.True(present == routes.Contains("203.0.113.128/25 via 192.0.2.253", StringComparison.Ordinal), $"static route {where}:\n{routes}");
        string rules = node.Ip("-4", "rule", "show");
        Assert.True(present == rules.Contains("200:\tfrom all to 203.0.113.0/24 lookup 200", StringComparison.Ordinal), $"static rule {where}:\n{rules}");
    }

    private static string Routes(LabNode node) => node.Ip("-4", "route", "show", "table", "all");

    private string WriteConfig(string name, LabNode node, string state, int priority, string self, string peer)
    {
        string text = $$"""
            global_defs {
                router_id {{node.Namespace}}
            }
            static_ipaddress {
                {{StaticAddress}}/32 dev {{node.Interface}}
            }
            static_routes {
                203.0.113.128/25 via 192.0.2.253 dev {{node.Interface}}
            }
            static_rules {
                to 203.0.113.0/24 table 200 preference 200
            }
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id 52
                version 3
                mcast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                priority {{priority}}
                advert_int 0.1
                virtual_ipaddress {
                    {{VigilRunNetnsTests.Vip}}/24 dev {{node.Interface}}
                }
                virtual_ipaddress_excluded {
                    {{ExcludedV4}}/32 dev {{node.Interface}}
                    {{ExcludedV6}}/128 dev {{node.Interface}}
                }
                virtual_routes {
                    198.51.100.0/25 via 192.0.2.254 dev {{node.Interface}}
                    default via 192.0.2.254 dev {{node.Interface}} table 100
                }
                virtual_rules {
                    from 192.0.2.100 table 100 preference 100
                }
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
