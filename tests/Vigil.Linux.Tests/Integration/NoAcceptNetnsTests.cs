using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// no_accept under `vigil run`, as keepalived 2.2.7 enforces it: while this node is MASTER, packets to the
/// instance's VIPs are dropped by an nftables table of Vigil's own (inet vigil-vrrp), an instance with accept on
/// the same node still answers, vrrp_strict implies it, and the table goes at stop.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NoAcceptNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-noaccept-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void NoAccept_Master_DropsTrafficToItsVipButNotToAnAcceptInstancesVip_TableRemovedAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(File.Exists("/usr/sbin/nft"), "needs nftables (nft)");
        using NetnsLab lab = NetnsLab.Create("noacc");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = Path.Combine(_directory, "a.conf");
        File.WriteAllText(conf, $$"""
            vrrp_instance FILTERED {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                no_accept
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }
            vrrp_instance OPEN {
                state MASTER
                interface {{a.Interface}}
                virtual_router_id 52
                version 3
                priority 100
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.101/24
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        try
        {
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20),
                () => a.ListAddresses().Count(x => x.Local is "192.0.2.100" or "192.0.2.101") == 2, "both instances should be MASTER with their VIPs", vigil);
            Assert.DoesNotContain("'no_accept' is read but not applied", vigil.StandardError, StringComparison.Ordinal);
            Assert.True(Pings(b, "192.0.2.101"), "the accept instance's VIP must answer");
            Assert.True(Pings(b, "192.0.2.1"), "the node's own address must answer");
            Assert.False(Pings(b, "192.0.2.100"), "the no_accept instance's VIP must not answer while this node is MASTER");
            Assert.Contains("192.0.2.100", a.Exec("nft", "list", "table", "inet", "vigil-vrrp"), StringComparison.Ordinal);
            Assert.DoesNotContain("192.0.2.101", a.Exec("nft", "list", "table", "inet", "vigil-vrrp"), StringComparison.Ordinal);

            vigil.Terminate();
            Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
            Assert.DoesNotContain("vigil-vrrp", a.Exec("nft", "list", "tables"), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    [SkippableFact]
    public void VrrpStrict_ImpliesNoAccept_VipDoesNotAnswer()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(File.Exists("/usr/sbin/nft"), "needs nftables (nft)");
        using NetnsLab lab = NetnsLab.Create("nastr");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = Path.Combine(_directory, "strict.conf");
        File.WriteAllText(conf, $$"""
            global_defs {
                vrrp_strict
            }
            vrrp_instance STRICT {
                state BACKUP
                interface {{a.Interface}}
                virtual_router_id 51
                version 3
                priority 100
                advert_int 0.1
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }

            """);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the lone node should become MASTER", vigil);
        Assert.True(Pings(b, "192.0.2.1"), "the node's own address must answer");
        Assert.False(Pings(b, "192.0.2.100"), "vrrp_strict implies no_accept: the VIP must not answer");
        output.WriteLine(vigil.StandardError);
    }

    private static bool Pings(LabNode node, string address) =>
        node.TryExec("ping", "-c", "2", "-i", "0.2", "-W", "1", address).Succeeded;
}
