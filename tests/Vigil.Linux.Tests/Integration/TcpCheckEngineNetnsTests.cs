using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// The one-thread TCP_CHECK engine (timer heap + nonblocking connects on one epoll) against real sockets: its
/// thread is started inside a lab "director" namespace, real servers listen in another. Bounds are generous.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TcpCheckEngineNetnsTests
{
    private static readonly CheckTiming s_timing = new(TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.5), 0, TimeSpan.FromSeconds(0.2));

    [SkippableFact]
    public void Engine_UpRefusedAndSilentTargets_VerdictsWithReasons_NoTimeWait_AndAStoppedServerGoesDown()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("tce");
        LabNode director = lab.AddNode("dir");
        LabNode real = lab.AddNode("rs");
        director.AddAddress("192.0.2.1/24");
        real.AddAddress("192.0.2.11/24");
        var verdicts = new ConcurrentDictionary<string, (bool Up, string Why)>();
        TcpCheckSlot Slot(string target) => new CallbackTcpCheckSlot(IPEndPoint.Parse(target), s_timing, (s, up) => verdicts[target] = (up, s.Describe()));
        TcpCheckSlot up = Slot("192.0.2.11:8080"), refused = Slot("192.0.2.11:8081"), silent = Slot("192.0.2.12:8080");
        TinyHttpServer? http = TinyHttpServer.Start(real, 8080, "rs");
        try
        {
            using TcpCheckEngine engine = NetworkNamespace.Run(director.Namespace, () => new TcpCheckEngine());
            engine.Add(up);
            engine.Add(refused);
            engine.Add(silent);

            Within(TimeSpan.FromSeconds(5), () => verdicts.Count == 3, "a verdict for each target", verdicts);
            Assert.Equal((true, "TCP connection to 192.0.2.11:8080 succeeded"), verdicts["192.0.2.11:8080"]);
            Assert.Equal((false, "TCP_CHECK 192.0.2.11:8081 failed: connection refused"), verdicts["192.0.2.11:8081"]);
            Assert.False(verdicts["192.0.2.12:8080"].Up);

            // keepalived's linger 0: a check's close resets the connection, leaving no TIME_WAIT socket behind
            string[] tcp = NetworkNamespace.Run(director.Namespace, () => File.ReadAllLines("/proc/thread-self/net/tcp"));
            Assert.DoesNotContain(tcp, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var remote, "06", ..] && remote.EndsWith(":1F90", StringComparison.Ordinal));

            http.Dispose();
            http = null;
            Within(TimeSpan.FromSeconds(5), () => !verdicts["192.0.2.11:8080"].Up, "the stopped server down", verdicts);

            engine.Remove(refused);
            Thread.Sleep(300); // a check of it already in flight may still report
            verdicts.Clear();
            Within(TimeSpan.FromSeconds(5), () => verdicts.ContainsKey("192.0.2.11:8080") && verdicts.ContainsKey("192.0.2.12:8080"), "the others still checked", verdicts);
            Assert.False(verdicts.ContainsKey("192.0.2.11:8081"), "a removed slot was still checked");
        }
        finally
        {
            http?.Dispose();
        }
    }

    private static void Within(TimeSpan limit, Func<bool> condition, string what, ConcurrentDictionary<string, (bool Up, string Why)> verdicts)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"{what} within {limit.TotalSeconds} s; verdicts: {string.Join(", ", verdicts)}");
            Thread.Sleep(20);
        }
    }
}
