using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// TCP_CHECK on the host, without IPVS: the checkers of a running <see cref="LvsController"/> connect from a
/// lab "director" namespace to real servers (TinyHttpServer) in another, and their verdicts reach the table
/// (a recording one here; tests/lvs-guest drives the kernel's). Timings are short and the bounds generous.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LvsCheckerNetnsTests
{
    private static readonly CheckTiming s_timing = new(TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.5), 1, TimeSpan.FromSeconds(0.3));

    [SkippableFact]
    public void TcpCheck_ServerStopsAndReturns_RemovedAfterRetryThenAdded_UnreachableOneInhibited()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("lvsc");
        LabNode director = lab.AddNode("dir");
        LabNode real = lab.AddNode("rs");
        director.AddAddress("192.0.2.1/24");
        real.AddAddress("192.0.2.11/24");
        var check = new TcpCheck(default) { Timing = s_timing };
        VirtualServer server = new(default)
        {
            Address = IPAddress.Parse("203.0.113.10"),
            Port = 80,
            Scheduler = "rr",
            RealServers = new([
                new RealServer(IPAddress.Parse("192.0.2.11"), 8080, default) { Checks = new([check]) },
                new RealServer(IPAddress.Parse("192.0.2.12"), 8080, default) { InhibitOnFailure = true, Checks = new([check]) },
            ]),
        };
        var table = new RecordingTable();
        TinyHttpServer? http = TinyHttpServer.Start(real, 8080, "rs");
        try
        {
            using LvsController controller = LvsController.Start([server], table, null, NullLogger.Instance,
                (family, type, protocol) => NetworkNamespace.Run(director.Namespace, () => new System.Net.Sockets.Socket(family, type, protocol)));
            Within(TimeSpan.FromSeconds(5), () => table.Has("set 192.0.2.12:8080 w0"), "the unreachable real server should be inhibited to weight 0", table);
            Assert.False(table.Has("del 192.0.2.11:8080"), "the live real server was removed: " + table);

            http.Dispose();
            http = null;
            var clock = Stopwatch.StartNew();
            Within(TimeSpan.FromSeconds(5), () => table.Has("del 192.0.2.11:8080"), "the stopped real server should leave the table", table);
            // One failure is retried delay_before_retry later before the server is taken out.
            Assert.True(clock.Elapsed >= s_timing.DelayBeforeRetry, $"removed after {clock.Elapsed.TotalMilliseconds} ms, before the retry");

            http = TinyHttpServer.Start(real, 8080, "rs");
            Within(TimeSpan.FromSeconds(5), () => table.Count("add 192.0.2.11:8080 w1") == 2, "the returned real server should be added back (once at start, once now)", table);
            Assert.Equal("UP", controller.Snapshot()[0].RealServers[0].State);
            Assert.Equal(("DOWN", (int?)0), (controller.Snapshot()[0].RealServers[1].State, controller.Snapshot()[0].RealServers[1].Weight));
        }
        finally
        {
            http?.Dispose();
        }

        Assert.True(table.Has("del-svc TCP 203.0.113.10:80"), "the service should be removed at stop: " + table);
    }

    private static void Within(TimeSpan limit, Func<bool> condition, string what, RecordingTable table)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"{what} within {limit.TotalSeconds} s; table calls: {table}");
            Thread.Sleep(20);
        }
    }

    private sealed class RecordingTable : IIpvsTable
    {
        private readonly List<string> _calls = [];

        public bool Has(string call) => Count(call) > 0;

        public int Count(string call)
        {
            lock (_calls)
            {
                return _calls.Count(c => c == call);
            }
        }

        public override string ToString()
        {
            lock (_calls)
            {
                return string.Join(", ", _calls);
            }
        }

        public IReadOnlyList<IpvsService> GetServices() => [];

        public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service) => [];

        public void AddService(IpvsService service) => Record($"add-svc {service}");

        public void DeleteService(IpvsService service) => Record($"del-svc {service}");

        public void UpdateService(IpvsService service) => Record($"set-svc {service}");

        public void AddDestination(IpvsService service, IpvsDestination destination) => Record($"add {destination} w{destination.Weight}");

        public void UpdateDestination(IpvsService service, IpvsDestination destination) => Record($"set {destination} w{destination.Weight}");

        public void DeleteDestination(IpvsService service, IpvsDestination destination) => Record($"del {destination}");

        private void Record(string call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }
        }
    }
}
