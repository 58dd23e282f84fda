using System.Diagnostics;
using System.Globalization;
using Vigil.Core.Protocol;
using Vigil.Core.Simulation;
using Vigil.Core.StateMachine;

namespace Vigil.Benchmarks;

/// <summary>
/// `simulation-hour [simulated-seconds=3600]`: one simulated hour of a 3-node cluster with 100
/// VRRPv2 instances per node at advert_int 1 (every advert encoded, delivered to both peers and
/// validated by the real codec), with a master crash and restart half-way. Prints wall time,
/// events and allocation. A single timed run, not BenchmarkDotNet: one run already takes seconds.
/// </summary>
internal static class SimulationHour
{
    public static void Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 3600;
        SimulatedLan lan = Build();
        TimeSpan end = TimeSpan.FromSeconds(seconds);
        lan.At(end / 2, l => l.Crash("node0"));
        lan.At((end / 2) + TimeSpan.FromSeconds(30), l => l.Start("node0"));

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();
        lan.StartAll();
        lan.RunUntil(end);
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        int masters = Enumerable.Range(1, 100).Count(v => lan.MastersOf(v).SequenceEqual(["node0"]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulated {seconds:0} s of 3 nodes x 100 instances (advert_int 1) in {watch.Elapsed.TotalSeconds:0.000} s wall"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  events {lan.Counters.Events:N0}, adverts sent {lan.Counters.AdvertsSent:N0}, accepted {lan.Counters.Accepted:N0}, transitions {lan.Transitions.Count:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {watch.Elapsed.TotalMilliseconds * 1e6 / lan.Counters.Events:0} ns/event, speed-up {seconds / watch.Elapsed.TotalSeconds:0}x real time"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated {allocated / 1e6:0.0} MB ({(double)allocated / lan.Counters.Events:0} B/event), GC gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}"));
        Console.WriteLine($"  node0 master of {masters}/100 VRIDs at the end (expected 100)");
    }

    private static SimulatedLan Build()
    {
        var lan = new SimulatedLan(seed: 1);
        int[] priorities = [150, 100, 50];
        for (int n = 0; n < 3; n++)
        {
            NetAddress primary = NetAddress.Parse($"192.0.2.{n + 1}");
            var instances = Enumerable.Range(1, 100).Select(v => new SimulatedInstance
            {
                Router = new VirtualRouterOptions
                {
                    Name = $"VI_{v}",
                    VirtualRouterId = (byte)v,
                    Priority = priorities[n],
                    PrimaryAddress = primary,
                },
                VirtualAddresses = [NetAddress.Parse($"203.0.113.{v}")],
            });
            lan.AddNode($"node{n}", instances);
        }

        return lan;
    }
}
