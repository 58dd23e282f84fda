using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// SIGHUP with vrrp_sync_group changes on a running `vigil run` (two VRRPv3 0.1 s masters, multicast):
/// grouping them re-forms the group (each master sends priority 0 and releases its VIP, the members
/// start again together, the group's notify runs); taking a member out re-forms it again; changing only
/// the group's notify keeps every router running. Node b only listens for the priority-0 adverts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SyncGroupReloadNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-syncreload-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void Sighup_SyncGroupFormedChangedAndRetuned_MembersReCreatedWithPriorityZeroThenGroupNotifyRuns()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("rlsg");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string log = Path.Combine(_directory, "group.log");
        string notify = Path.Combine(_directory, "group-notify.sh");
        File.WriteAllText(notify, $"#!/bin/sh\necho \"$*\" >> {log}\n");
        File.SetUnixFileMode(notify, (UnixFileMode)0x1C0); // 0700
        string conf = Path.Combine(_directory, "a.conf");
        File.WriteAllText(conf, Config(a, group: null));

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVips(a), "both instances should become master", vigil);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(vigil, "-> Master") >= 2, "both loops should run", vigil);

        // 1. Group the two: re-formed, each master says goodbye with priority 0 first, then both are master again.
        using (FrameCapture vrrp = b.InNamespace(() => FrameCapture.Open(0x0800)))
        {
            File.WriteAllText(conf, Config(a, group: $"    group {{\n        VI_1\n        VI_2\n    }}\n    notify \"{notify} first\"\n"));
            vigil.Hangup();
            Assert.NotNull(vrrp.WaitFor(f => IsPriorityZero(f, 71)));
            Assert.NotNull(vrrp.WaitFor(f => IsPriorityZero(f, 72)));
        }

        AppliedWithin(vigil, "reload applied: 0 instance(s) kept as they were, 0 updated in place, 2 stopped, 2 started", 1);
        Assert.Contains("VI_1: re-created (its vrrp_sync_group is re-formed)", vigil.StandardError, StringComparison.Ordinal);
        Assert.Contains("VI_2: re-created (its vrrp_sync_group is re-formed)", vigil.StandardError, StringComparison.Ordinal);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVips(a), "the re-formed group should be master again", vigil);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => File.Exists(log) && File.ReadAllText(log).Contains("first GROUP G MASTER", StringComparison.Ordinal),
            "the group's notify should run for its MASTER state", vigil);

        // 2. VI_2 leaves the group: the group is re-formed again, VI_2 re-created on its own.
        File.WriteAllText(conf, Config(a, group: $"    group {{\n        VI_1\n    }}\n    notify \"{notify} first\"\n"));
        vigil.Hangup();
        AppliedWithin(vigil, "reload applied: 0 instance(s) kept as they were, 0 updated in place, 2 stopped, 2 started", 2);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => HasVips(a), "both should be master again", vigil);

        // 3. Only the group's notify changes: nothing is stopped; VI_1 is updated in place, VI_2 untouched.
        File.WriteAllText(conf, Config(a, group: $"    group {{\n        VI_1\n    }}\n    notify \"{notify} second\"\n"));
        vigil.Hangup();
        AppliedWithin(vigil, "reload applied: 1 instance(s) kept as they were, 1 updated in place, 0 stopped, 0 started", 1);
        Assert.True(HasVips(a));
        Assert.DoesNotContain("refused", vigil.StandardError, StringComparison.Ordinal);
        output.WriteLine(vigil.StandardError);
    }

    private static void AppliedWithin(VigilProcess vigil, string line, int times) =>
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(vigil, line) >= times, $"expected '{line}' ({times}×)", vigil);

    private static int Count(VigilProcess vigil, string text) =>
        vigil.StandardError.Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal));

    private static bool HasVips(LabNode node)
    {
        var addresses = node.ListAddresses().Select(x => x.Local).ToHashSet();
        return addresses.Contains("192.0.2.100") && addresses.Contains("192.0.2.101");
    }

    /// <summary>An IPv4 VRRP frame (protocol 112, no IP options) for <paramref name="vrid"/> with priority 0.</summary>
    private static bool IsPriorityZero(byte[] frame, byte vrid) =>
        frame.Length >= 14 + 20 + 8 && frame[14] == 0x45 && frame[23] == 112 && frame[35] == vrid && frame[36] == 0;

    private static string Config(LabNode node, string? group)
    {
        string groupBlock = group is null ? "" : $"vrrp_sync_group G {{\n{group}}}\n";
        return groupBlock + Instance(node, "VI_1", 71, "192.0.2.100") + Instance(node, "VI_2", 72, "192.0.2.101");
    }

    private static string Instance(LabNode node, string name, int vrid, string vip) => $$"""
        vrrp_instance {{name}} {
            state MASTER
            interface {{node.Interface}}
            version 3
            virtual_router_id {{vrid}}
            priority 100
            advert_int 0.1
            garp_master_delay 0
            virtual_ipaddress {
                {{vip}}/24
            }
        }

        """;
}
