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
