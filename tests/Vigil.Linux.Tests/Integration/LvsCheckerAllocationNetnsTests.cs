using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// The per-check path, LVS's counterpart of the per-packet path, allocates nothing in steady state: a running
/// <see cref="LvsController"/> checks real servers (TCP_CHECK) on its engine's thread, each success a verdict through
/// the controller into its state, and that thread's allocated bytes do not move over many rounds. Garbage there would
/// grow the gen0 budget, and with it the daemon's resident size, with the number of real servers.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LvsCheckerAllocationNetnsTests
{
    private const int Reals = 40;

    [SkippableFact]
    public void TcpCheck_ManyRealServersUp_EngineThreadAllocatesNothingPerCheck()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvca");
        (LabNode director, LabNode real) = LvsCheckerLab.Nodes(lab, Reals);
        var timing = new CheckTiming(TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(1.5), 0, TimeSpan.FromSeconds(0.1));
        var check = new TcpCheck(default) { Timing = timing };
        VirtualServer server = new(default)
        {
            Address = IPAddress.Parse("203.0.113.10"),
            Port = 8080,
            Scheduler = "rr",
            RealServers = new(Enumerable.Range(1, Reals).Select(i => new RealServer(IPAddress.Parse($"192.0.2.{10 + i}"), 8080, default) { Checks = new([check]) }).ToList()),
        };

        // A probe of its own on the same engine: its verdicts (every success is one) run on the engine's thread, where
        // they read that thread's allocation counter into preallocated slots (the read allocates nothing).
        long[] allocated = new long[400];
        int verdicts = 0;
        var probe = new CallbackTcpCheckSlot(IPEndPoint.Parse("192.0.2.11:8080"), timing, (_, _) =>
        {
            int i = Interlocked.Increment(ref verdicts) - 1;
            if (i < allocated.Length)
            {
                Volatile.Write(ref allocated[i], GC.GetAllocatedBytesForCurrentThread());
            }
        });
        var table = new RecordingIpvsTable();
        using TinyHttpServer http = TinyHttpServer.Start(real, 8080, "rs");
        RecordingIpvsTable.Within(TimeSpan.FromSeconds(10), () => director.TryExec("ping", "-c", "1", "-W", "1", "192.0.2.11").Succeeded, "the director should reach the real servers", table);
        TcpCheckEngine engine = NetworkNamespace.Run(director.Namespace, () => new TcpCheckEngine());
        using LvsController controller = LvsController.Start([server], table, null, NullLogger.Instance,
            (family, type, protocol) => NetworkNamespace.Run(director.Namespace, () => new System.Net.Sockets.Socket(family, type, protocol)), null, engine);
        engine.Add(probe);

        // Warm-up: every real server in the table (its first verdict, a change, is logged and allocates), and the
        // probe's first rounds (first calls, the timer heap at its size); then 30 rounds of 41 checks measured.
        RecordingIpvsTable.Within(TimeSpan.FromSeconds(20), () => Enumerable.Range(1, Reals).All(i => table.Has($"add 192.0.2.{10 + i}:8080 w1")) && Volatile.Read(ref verdicts) > 20, "every real server in the table", table);
        int first = Volatile.Read(ref verdicts);
        long opensBefore = ActiveOpens(director);
        RecordingIpvsTable.Within(TimeSpan.FromSeconds(30), () => Volatile.Read(ref verdicts) > first + 31, "30 more rounds of checks", table);
        long opens = ActiveOpens(director) - opensBefore;

        Assert.True(opens >= 30 * Reals, $"{opens} connects in the measured rounds, fewer than {30 * Reals}");
        Assert.DoesNotContain("del ", table.ToString(), StringComparison.Ordinal); // every check succeeded: no change, no log line
        long bytes = Volatile.Read(ref allocated[first + 30]) - Volatile.Read(ref allocated[first]);
        Assert.True(bytes == 0, $"the engine's thread allocated {bytes} bytes over 30 rounds ({opens} connects)");
    }

    /// <summary>TCP connects begun in <paramref name="node"/>'s namespace (ActiveOpens of /proc/net/snmp).</summary>
    private static long ActiveOpens(LabNode node)
    {
        string[] lines = node.InNamespace(() => File.ReadAllLines("/proc/thread-self/net/snmp"));
        string[] header = lines.First(l => l.StartsWith("Tcp: ", StringComparison.Ordinal)).Split(' ');
        string[] values = lines.Last(l => l.StartsWith("Tcp: ", StringComparison.Ordinal)).Split(' ');
        return long.Parse(values[Array.IndexOf(header, "ActiveOpens")], System.Globalization.CultureInfo.InvariantCulture);
    }
}
