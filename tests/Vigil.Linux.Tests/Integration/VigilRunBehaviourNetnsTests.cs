using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `vigil run` with keepalived's behaviour keywords, in lab namespaces: startup_script / shutdown_script around
/// the instances' life, unicast_ttl on the wire, dont_track_primary, interface_up_down_delays.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VigilRunBehaviourNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-behaviour-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void StartupAndShutdownScripts_RunBeforeTheInstancesStartAndAfterTheyReleasedTheVip()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("life");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string startLog = Path.Combine(_directory, "start.log");
        string stopLog = Path.Combine(_directory, "stop.log");
        // Each script records the node's addresses when it runs; the startup one also takes a while, so an
        // instance started before it ended would be visible in the log order.
        string start = Script("start.sh", $"ip -br addr > {startLog}; sleep 1; echo done >> {startLog}");
        string stop = Script("stop.sh", $"ip -br addr > {stopLog}");
        string conf = WithGlobals(VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1"),
            $"startup_script {start}", "startup_script_timeout 5", $"shutdown_script {stop}", "shutdown_script_timeout 5");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the lone MASTER should take the VIP", vigil);
        string log = vigil.StandardError;
        int scriptDone = log.IndexOf("startup_script succeeded", StringComparison.Ordinal);
        int firstState = log.IndexOf("Initialize -> ", StringComparison.Ordinal);
        Assert.True(scriptDone >= 0 && firstState > scriptDone, $"the startup script must end before any instance starts:\n{log}");
        Assert.Contains("done", File.ReadAllText(startLog), StringComparison.Ordinal);
        Assert.DoesNotContain(VigilRunNetnsTests.Vip, File.ReadAllText(startLog), StringComparison.Ordinal);

        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(15)));
        output.WriteLine(vigil.StandardError);
        Assert.True(File.Exists(stopLog), "the shutdown script should have run");
        string atStop = File.ReadAllText(stopLog);
        Assert.Contains("192.0.2.1/24", atStop, StringComparison.Ordinal);
        Assert.DoesNotContain(VigilRunNetnsTests.Vip, atStop, StringComparison.Ordinal); // it ran after the VIP was released
        Assert.True(vigil.StandardError.IndexOf("shutdown_script succeeded", StringComparison.Ordinal) > vigil.StandardError.IndexOf("-> Stopped", StringComparison.Ordinal),
            "the shutdown script runs after the instances stopped");
    }

    [SkippableFact]
    public void UnicastTtl_UnicastAdvertsCarryTheConfiguredTtl_AndThePeerAcceptsThem()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("ttl");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string masterConf = WithInstanceLines(VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1"), "unicast_ttl 7");
        string backupConf = VigilRunNetnsTests.WriteConfig(_directory, "b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");
        using FrameCapture capture = b.InNamespace(() => FrameCapture.Open(0x0800));

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the VIP and the BACKUP be up", master, backup);

        // IPv4 header at 14: TTL at 22, protocol (112 = VRRP) at 23, source at 26.
        byte[]? advert = capture.WaitFor(frame => frame.Length > 34 && frame[23] == 112 && frame.AsSpan(26, 4).SequenceEqual(new byte[] { 192, 0, 2, 1 }));
        Assert.NotNull(advert);
        Assert.Equal(7, advert[22]);
        Thread.Sleep(1000); // ten advert intervals: the backup keeps accepting them (keepalived checks no TTL on unicast)
        Assert.False(VigilRunNetnsTests.HasVip(b), $"the backup must not take over:\n{backup.StandardError}");
        Assert.DoesNotContain("TtlError", backup.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Adds lines to the vrrp_instance block of a config written by VigilRunNetnsTests.WriteConfig.</summary>
    internal static string WithInstanceLines(string path, params string[] lines)
    {
        File.WriteAllText(path, File.ReadAllText(path).Replace("    virtual_router_id 51", "    virtual_router_id 51\n    " + string.Join("\n    ", lines), StringComparison.Ordinal));
        return path;
    }

    [SkippableFact]
    public void DontTrackPrimary_MasterLinkDown_StaysMaster()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("dtp");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = WithInstanceLines(VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1"), "dont_track_primary");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Master", StringComparison.Ordinal), "the lone node should become MASTER", vigil);
        a.Ip("link", "set", "dev", a.Interface, "down");
        Thread.Sleep(1500);

        Assert.DoesNotContain("-> Fault", vigil.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Master -> ", vigil.StandardError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void InterfaceUpDownDelays_LinkDownActsOnlyAfterTheDownDelay()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("iudd");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "1");
        File.AppendAllText(conf, $"interface_up_down_delays {{\n    {a.Interface} 1.5\n}}\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Master", StringComparison.Ordinal), "the lone node should become MASTER", vigil);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        a.Ip("link", "set", "dev", a.Interface, "down");
        Thread.Sleep(700);
        Assert.DoesNotContain("-> Fault", vigil.StandardError, StringComparison.Ordinal);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "after the down delay the instance goes to FAULT", vigil);
        output.WriteLine($"link down -> FAULT seen after {clock.Elapsed.TotalMilliseconds:F0} ms (down delay 1500 ms)");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(1400), $"FAULT came before the delay: {clock.Elapsed}");

        // Only a down delay given: the up delay is 0 (keepalived 2.2.7's code), so the link coming back is not held.
        clock.Restart();
        a.Ip("link", "set", "dev", a.Interface, "up");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Fault -> Backup", StringComparison.Ordinal), "the link back up should clear the FAULT", vigil);
        output.WriteLine($"link up -> leaves FAULT after {clock.Elapsed.TotalMilliseconds:F0} ms (no up delay)");
        Assert.DoesNotContain("up: held for", vigil.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1400), $"the up change was held like the down delay: {clock.Elapsed}");
    }

    [SkippableFact]
    public void InterfaceUpDownDelays_ChangedBySighup_HoldTheNextLinkChange_AndRemovedNoLonger()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("iuddr");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string conf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "1");
        string withoutDelays = File.ReadAllText(conf);
        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Master", StringComparison.Ordinal), "the lone node should become MASTER", vigil);

        // keepalived 2.2.7 applies interface_up_down_delays read by a reload to the next link change.
        File.AppendAllText(conf, $"interface_up_down_delays {{\n    {a.Interface} 1.5\n}}\n");
        Reload(vigil, 1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        a.Ip("link", "set", "dev", a.Interface, "down");
        Thread.Sleep(700);
        Assert.DoesNotContain("-> Fault", vigil.StandardError, StringComparison.Ordinal);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "after the reloaded down delay the instance goes to FAULT", vigil);
        TimeSpan held = clock.Elapsed;
        Assert.True(held >= TimeSpan.FromMilliseconds(1400), $"FAULT came before the reloaded 1.5 s delay: {held}");
        a.Ip("link", "set", "dev", a.Interface, "up");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Fault -> Backup", StringComparison.Ordinal), "the link back up should clear the FAULT", vigil);

        // A reload without the block: the configuration is what runs (keepalived keeps the old delay; see README).
        File.WriteAllText(conf, withoutDelays);
        Reload(vigil, 2);
        clock.Restart();
        a.Ip("link", "set", "dev", a.Interface, "down");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => Count(vigil.StandardError, "-> Fault") == 2, "with the delays removed the link down should give FAULT at once", vigil);
        output.WriteLine($"reloaded 1.5 s down delay: FAULT after {held.TotalMilliseconds:F0} ms; delays removed by reload: FAULT after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1000), $"the removed delay still held the change: {clock.Elapsed}");
    }

    private static void Reload(VigilProcess vigil, int nth)
    {
        vigil.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => Count(vigil.StandardError, "reload applied") == nth, $"reload {nth} should be applied", vigil);
    }

    private static int Count(string text, string what) => DynamicInterfacesNetnsTests.Count(text, what);

    /// <summary>A root-owned 0755 shell script in the test's directory (script security accepts it).</summary>
    private string Script(string name, string body)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        return path;
    }

    /// <summary>Adds lines to the global_defs block of a config written by VigilRunNetnsTests.WriteConfig.</summary>
    internal static string WithGlobals(string path, params string[] lines)
    {
        File.WriteAllText(path, File.ReadAllText(path).Replace("global_defs {", "global_defs {\n    " + string.Join("\n    ", lines), StringComparison.Ordinal));
        return path;
    }
}
