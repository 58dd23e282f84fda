using System.Diagnostics;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;
using static Vigil.Linux.Tests.Integration.VigilRunNetnsTests;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `vigil run` in lab namespaces (VRRPv3 unicast, advert_int 0.1) with four keepalived keywords whose effect is on
/// the OS or the operator: log_unknown_vrids (a log line for a neighbour's VRID), promote_secondaries (the interface's
/// sysctl, restored at stop), notify_deleted (DELETED rather than FAULT when a reload removes an instance) and
/// track_src_ip (FAULT while the configured source address is missing from the interface).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InstanceKeywordNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    private readonly string _directory = ScriptDirectory.Create("vigil-keyword-");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void LogUnknownVrids_NeighbourAdvertisingAnotherVrid_OneLineNamingVridInterfaceAndSender()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("kwluv");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string aConf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2", global: "    log_unknown_vrids\n");
        string bConf = WriteConfig("b.conf", b, 100, "192.0.2.2", "192.0.2.1", vrid: 52, vip: "192.0.2.101");

        using VigilProcess logging = VigilProcess.Start(a, "run", "-f", aConf);
        using VigilProcess neighbour = VigilProcess.Start(b, "run", "-f", bConf);
        string expected = $"Unknown VRID(52) received on interface({a.Interface}) from 192.0.2.2. ignoring...";
        AssertWithin(TimeSpan.FromSeconds(20), () => logging.StandardError.Contains(expected, StringComparison.Ordinal), "the VRID 52 adverts should be logged", logging, neighbour);

        Thread.Sleep(2000); // 20 more adverts at 0.1 s: held back by the once-a-minute limit
        Assert.Equal(1, Count(logging.StandardError, "Unknown VRID(52)"));
        Assert.DoesNotContain("Unknown VRID", neighbour.StandardError, StringComparison.Ordinal); // off without the keyword
        Assert.True(HasVip(a), "each node is master of its own VRID");
    }

    [SkippableFact]
    public void PromoteSecondaries_Instance_SetsTheInterfacesSysctlWhileRunningAndRestoresItAtStop()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("kwps");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Exec("sh", "-c", $"echo 0 > /proc/sys/net/ipv4/conf/{a.Interface}/promote_secondaries"); // inside the lab namespace only
        string conf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2", instance: "    promote_secondaries\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);
        Assert.Equal("1", Sysctl(a, "promote_secondaries"));

        // The effect: deleting the subnet's primary address promotes the VIP (a secondary of 192.0.2.0/24) instead of
        // deleting it with it.
        a.Ip("addr", "del", "192.0.2.1/24", "dev", a.Interface);
        Assert.True(HasVip(a), "with promote_secondaries the VIP survives the primary's deletion");
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Equal("0", Sysctl(a, "promote_secondaries"));
    }

    [SkippableFact]
    public void NotifyDeleted_ReloadRemovesTwoInstances_DeletedForTheOneWithTheKeywordFaultForTheOther()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("kwnd");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string fifoLog = Path.Combine(_directory, "fifo.log");
        string fifo = Path.Combine(_directory, "notify.fifo");
        string scriptLog = Path.Combine(_directory, "scripts.log");
        string reader = WriteScript("fifo-reader.sh", $"while read -r line; do echo \"$line\" >> {fifoLog}; done < \"$1\"");
        string record = WriteScript("record.sh", $"echo \"$*\" >> {scriptLog}");
        string global = $"    notify_fifo {fifo}\n    notify_fifo_script {reader}\n";
        string kept = Instance(a, "VI_1", 51, "192.0.2.100", "192.0.2.1", "192.0.2.2", "");
        string deleted = Instance(a, "VI_2", 52, "192.0.2.101", "192.0.2.1", "192.0.2.2", $"    notify_deleted \"{record} deleted\"\n    notify \"{record} generic\"\n");
        string faulted = Instance(a, "VI_3", 53, "192.0.2.102", "192.0.2.1", "192.0.2.2", $"    notify_fault \"{record} fault\"\n");
        string conf = Write("a.conf", Global(a, global) + kept + deleted + faulted);

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => Lines(fifoLog).Count(l => l.Contains(" MASTER ", StringComparison.Ordinal)) == 3, "all three instances should become master", vigil);

        Write("a.conf", Global(a, global) + kept);
        vigil.Hangup();
        // Two notify scripts (BACKUP, MASTER) ran before the reload; three (deleted, generic DELETED, fault) after it.
        AssertWithin(s_limit, () => Lines(fifoLog).Length >= 8 && Lines(scriptLog).Length >= 5, "the removed instances' notifications", vigil);
        Thread.Sleep(300); // nothing more should come
        string[] fifoLines = Lines(fifoLog);
        string[] scriptLines = Lines(scriptLog);
        output.WriteLine(string.Join('\n', fifoLines) + "\n---\n" + string.Join('\n', scriptLines));

        Assert.Equal(["INSTANCE \"VI_2\" DELETED 100", "INSTANCE \"VI_3\" FAULT 100"], fifoLines[6..]);
        Assert.Equal(["generic INSTANCE VI_2 BACKUP 100", "generic INSTANCE VI_2 MASTER 100"], scriptLines[..2]);
        Assert.Equal(["deleted", "fault", "generic INSTANCE VI_2 DELETED 100"], scriptLines[2..].Order(StringComparer.Ordinal)); // VI_3's runs alongside VI_2's
        Assert.True(Array.IndexOf(scriptLines, "deleted") < Array.IndexOf(scriptLines, "generic INSTANCE VI_2 DELETED 100"), "notify_deleted's script runs before the generic one");
        Assert.DoesNotContain(a.ListAddresses(), x => x.Local is "192.0.2.101" or "192.0.2.102");
        Assert.True(HasVip(a), "the kept instance stays master");
        Assert.DoesNotContain("STOP", string.Join('\n', fifoLines), StringComparison.Ordinal);
    }

    [SkippableFact]
    public void TrackSrcIp_SourceAddressDeleted_FaultReleasesTheVipAndItsReturnRecovers()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("kwts");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        a.Ip("addr", "add", "198.51.100.1/24", "dev", a.Interface); // the interface keeps an address: only track_src_ip faults
        string conf = WriteConfig("a.conf", a, 100, "192.0.2.1", "192.0.2.2", instance: "    track_src_ip\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);

        var clock = Stopwatch.StartNew();
        // The VIP (a secondary of the same subnet) goes with it: BACKUP first (set_vrrp_backup), then FAULT, as keepalived.
        a.Ip("addr", "del", "192.0.2.1/24", "dev", a.Interface);
        AssertWithin(s_limit, () => vigil.StandardError.Contains("-> Fault (track_src_ip", StringComparison.Ordinal) && !HasVip(a), "the source address went: FAULT", vigil);
        output.WriteLine($"source deleted → FAULT: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("source address 192.0.2.1 is not on", vigil.StandardError, StringComparison.Ordinal);
        Thread.Sleep(500);
        Assert.False(HasVip(a), "still in FAULT while the address is missing");

        clock.Restart();
        a.Ip("addr", "add", "192.0.2.1/24", "dev", a.Interface);
        AssertWithin(s_limit, () => HasVip(a), "the source address is back: master again", vigil);
        output.WriteLine($"source back → MASTER: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("Fault -> Backup", vigil.StandardError, StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        int count = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string Sysctl(LabNode node, string name) =>
        node.Exec("cat", $"/proc/sys/net/ipv4/conf/{node.Interface}/{name}").Trim();

    private static string[] Lines(string path) => ScriptDirectory.Lines(path);

    private string WriteScript(string name, string body) => ScriptDirectory.WriteScript(_directory, name, body);

    private string WriteConfig(string name, LabNode node, int priority, string self, string peer, string global = "", string instance = "", int vrid = 51, string vip = Vip) =>
        Write(name, Global(node, global) + Instance(node, "VI_1", vrid, vip, self, peer, instance, priority));

    private static string Global(LabNode node, string global) =>
        $"global_defs {{\n    router_id {node.Namespace}\n{global}}}\n";

    /// <summary>A preempting VRRPv3 unicast instance, state MASTER, advert_int 0.1, plus <paramref name="extra"/>.</summary>
    private static string Instance(LabNode node, string name, int vrid, string vip, string self, string peer, string extra, int priority = 100) => $$"""
        vrrp_instance {{name}} {
            state MASTER
            interface {{node.Interface}}
            virtual_router_id {{vrid}}
            version 3
            unicast_src_ip {{self}}
            unicast_peer {
                {{peer}}
            }
            priority {{priority}}
            advert_int 0.1
            virtual_ipaddress {
                {{vip}}/24 dev {{node.Interface}}
            }
        {{extra}}}

        """;

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // 0644
        return path;
    }
}
