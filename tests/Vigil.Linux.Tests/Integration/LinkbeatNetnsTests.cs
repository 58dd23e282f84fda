using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// linkbeat_interfaces under `vigil run`: the instance's veth is polled once a second (keepalived 2.2.7's
/// POLLING_DELAY) and the poll, not netlink, moves the instance: its FAULT is logged after "Linkbeat reports … down".
/// The switch end of the veth is taken down, so the node's end loses its carrier (ETHTOOL_GLINK 0, no IFF_RUNNING).
/// The installed keepalived 2.2.7 (Debian) is built without linkbeat, so it cannot be run on the same configuration.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinkbeatNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-linkbeat-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void LinkbeatEthtool_PeerDown_PollPutsInstanceInFaultPeerUp_Returns()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lbet");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        using VigilProcess vigil = Start(a, "ETHTOOL");
        try
        {
            Assert.Contains($"polling {a.Interface} with ETHTOOL", vigil.StandardError, StringComparison.Ordinal);
            CycleThePeer(lab, a, vigil);
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    /// <summary>A veth has no MII registers (SIOCGMIIPHY fails): MII falls back to ETHTOOL, as keepalived's init_linkbeat_status.</summary>
    [SkippableFact]
    public void LinkbeatMiiOnVeth_FallsBackToEthtool_PeerDownFaultsUpReturns()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lbmi");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        using VigilProcess vigil = Start(a, "MII");
        try
        {
            Assert.Contains($"configured type MII not supported on {a.Interface}, using ETHTOOL", vigil.StandardError, StringComparison.Ordinal);
            CycleThePeer(lab, a, vigil);
        }
        finally
        {
            output.WriteLine(vigil.StandardError);
        }
    }

    private VigilProcess Start(LabNode a, string method)
    {
        string conf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "1");
        File.AppendAllText(conf, $"linkbeat_interfaces {{\n    {a.Interface} {method}\n}}\n");
        VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => vigil.StandardError.Contains("-> Master", StringComparison.Ordinal), "the lone node should become MASTER", vigil);
        return vigil;
    }

    /// <summary>Switch end down: the poll reports down, then the instance faults; back up: the poll reports up, then it leaves FAULT.</summary>
    private void CycleThePeer(NetnsLab lab, LabNode a, VigilProcess vigil)
    {
        string peer = lab.Prefix + "as";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        HostCommand.Must("ip", "-n", lab.SwitchNamespace, "link", "set", "dev", peer, "down");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "the peer down should put the instance in FAULT", vigil);
        output.WriteLine($"peer down -> FAULT after {clock.Elapsed.TotalMilliseconds:F0} ms (polled every 1000 ms)");
        string log = vigil.StandardError;
        int reported = log.IndexOf($"Linkbeat reports {a.Interface} down", StringComparison.Ordinal);
        Assert.True(reported >= 0, "the poll should report the link down");
        Assert.True(reported < log.IndexOf("Master -> Fault", StringComparison.Ordinal), "the FAULT must follow the poll, not netlink's carrier notification");
        Assert.False(VigilRunNetnsTests.HasVip(a), "a FAULT instance holds no VIP");

        clock.Restart();
        HostCommand.Must("ip", "-n", lab.SwitchNamespace, "link", "set", "dev", peer, "up");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => vigil.StandardError.Contains("Fault -> Backup", StringComparison.Ordinal), "the peer back up should clear the FAULT", vigil);
        output.WriteLine($"peer up -> leaves FAULT after {clock.Elapsed.TotalMilliseconds:F0} ms");
        log = vigil.StandardError;
        reported = log.IndexOf($"Linkbeat reports {a.Interface} up", StringComparison.Ordinal);
        Assert.True(reported >= 0 && reported < log.IndexOf("Fault -> Backup", StringComparison.Ordinal), "leaving FAULT must follow the poll's up");
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(10), () => VigilRunNetnsTests.HasVip(a), "the lone node should become MASTER again and hold the VIP", vigil);
        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));
    }
}
