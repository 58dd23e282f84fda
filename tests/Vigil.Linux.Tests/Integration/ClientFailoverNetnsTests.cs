using System.Diagnostics;
using System.Text.Json;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// What a user of the VIP sees (issue 4, test 3): a client namespace on the same segment as a `vigil run` pair
/// reaches the VIP (ping, and HTTP to a tiny server on each LB node that answers with its node's name) before and
/// after a kill -9 failover, and its neighbour table follows the new master's gratuitous ARP.
/// </summary>
public sealed class ClientFailoverNetnsTests(ITestOutputHelper output) : IDisposable
{
    private const int HttpPort = 8080;
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-client-netns-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void ClientOfVip_MasterKilled_PingAndHttpReachNewMasterWhoseMacTheNeighbourTableShows()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.IfNot(HostCommand.Exists("curl") && HostCommand.Exists("ping"), "the client test needs curl and ping");
        using NetnsLab lab = NetnsLab.Create("cli");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        LabNode client = lab.AddNode("c");
        client.AddAddress("192.0.2.50/24");
        using TinyHttpServer webA = TinyHttpServer.Start(a, HttpPort, "a");
        using TinyHttpServer webB = TinyHttpServer.Start(b, HttpPort, "b");
        string masterConf = VigilRunNetnsTests.WriteConfig(_directory, "a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2", version: 3, "0.1");
        string backupConf = VigilRunNetnsTests.WriteConfig(_directory, "b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1", version: 3, "0.1");

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a) && backup.StandardError.Contains("-> Backup", StringComparison.Ordinal),
            "the MASTER should hold the VIP and the BACKUP be up", master, backup);

        AssertReaches(client, "a", a);

        var clock = Stopwatch.StartNew();
        master.KillHard();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(5), () => VigilRunNetnsTests.HasVip(b), "after kill -9 the backup should hold the VIP", master, backup);
        // The crashed master's kernel still holds the VIP and would answer a broadcast ARP, so the client must
        // have switched because of the new master's gratuitous ARP (Linux updates an existing entry from one).
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(3), () => NeighbourMac(client) == Mac(b),
            $"the client's neighbour entry for the VIP should show the new master's MAC {Mac(b)} (it shows {NeighbourMac(client)})", backup);
        output.WriteLine($"kill -9 → client's neighbour entry on the new master: {clock.Elapsed.TotalMilliseconds:F0} ms");
        AssertReaches(client, "b", b);
        output.WriteLine($"kill -9 → ping and HTTP answered by the new master: {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>Ping and an HTTP request to the VIP succeed, the answer comes from <paramref name="expected"/> and the neighbour entry has its MAC.</summary>
    private static void AssertReaches(LabNode client, string expected, LabNode node)
    {
        HostCommandResult ping = client.TryExec("ping", "-c", "1", "-W", "2", VigilRunNetnsTests.Vip);
        Assert.True(ping.ExitCode == 0, "ping to the VIP: " + ping.StandardOutput + ping.StandardError);
        HostCommandResult http = client.TryExec("curl", "-s", "--max-time", "3", $"http://{VigilRunNetnsTests.Vip}:{HttpPort}/");
        Assert.True(http.ExitCode == 0, $"HTTP to the VIP: curl exited {http.ExitCode} {http.StandardError}");
        Assert.Equal(expected, http.StandardOutput);
        Assert.Equal(Mac(node), NeighbourMac(client));
    }

    /// <summary>The client's neighbour entry for the VIP (`ip -j neigh show VIP`): its lladdr, or null.</summary>
    private static string? NeighbourMac(LabNode client)
    {
        using JsonDocument document = JsonDocument.Parse(client.Ip("-j", "neigh", "show", VigilRunNetnsTests.Vip, "dev", client.Interface));
        return document.RootElement.EnumerateArray()
            .Select(e => e.TryGetProperty("lladdr", out JsonElement mac) ? mac.GetString() : null)
            .FirstOrDefault(m => m is not null);
    }

    private static string Mac(LabNode node) => string.Join(':', node.HardwareAddress().Select(x => x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
