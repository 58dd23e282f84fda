using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// The seed's split brain (issue 11 #15) seen where an operator looks: two `vigil run` daemons with the seed's
/// authentication mismatch (the MASTER has no authentication block, the BACKUP `auth_type PASS`, VRRPv2, VRID 51,
/// priorities 100/90) both become MASTER, and each one's log carries a warning naming the mismatch and the peer.
/// </summary>
public sealed class SeedSplitBrainNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const string Vip = "192.0.2.100";
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-seed-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_SeedAuthMismatch_BothMasterAndEachLogWarnsOfTheMismatch()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("seedb");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", WriteConfig("master.conf", a, "MASTER", 100, authentication: false));
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", WriteConfig("backup.conf", b, "BACKUP", 90, authentication: true));

        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && HasVip(b),
            "with the seed's mismatch both nodes should become MASTER (the split brain this test makes visible)", master, backup);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Warns(backup, "192.0.2.1") && Warns(master, "192.0.2.2"),
            "each node's log should carry a warning naming the authentication mismatch and the peer", master, backup);

        string line = backup.StandardError.Split('\n').First(l => l.Contains("dropped: AuthTypeMismatch", StringComparison.Ordinal));
        output.WriteLine(line);
        Assert.Contains("warn", line, StringComparison.Ordinal);
        Assert.Contains("VI_1", line, StringComparison.Ordinal);
        // Rate-limited: one line per reason per instance per minute, not one per advert (10+ adverts so far).
        Assert.Single(backup.StandardError.Split('\n'), l => l.Contains("dropped: AuthTypeMismatch", StringComparison.Ordinal));
    }

    private static bool Warns(VigilProcess process, string peer) =>
        process.StandardError.Contains($"VI_1: advert from {peer} dropped: AuthTypeMismatch", StringComparison.Ordinal);

    private static bool HasVip(LabNode node) => node.ListAddresses().Any(x => x.Local == Vip);

    /// <summary>The seed's vrrp_instance (VRRPv2, advert_int 1, VRID 51), in the lab's addresses, without the nginx check.</summary>
    private string WriteConfig(string name, LabNode node, string state, int priority, bool authentication)
    {
        string auth = authentication ? "    authentication {\n        auth_type PASS\n        auth_pass 1111\n    }\n" : "";
        string text = $$"""
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id 51
                priority {{priority}}
                advert_int 1

            """ + auth + $$"""
                virtual_ipaddress {
                    {{Vip}}/24
                }
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
