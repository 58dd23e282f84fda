using System.Globalization;
using Vigil.Benchmarks.Config;
using Vigil.Config.Binding;
using Vigil.Config.Syntax;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Benchmarks;

/// <summary>
/// `gc-pause [instances=100] [collections=200]`: builds the daemon's long-lived state for that many instances
/// (the bound configuration plus one VirtualRouter each), keeps some short-lived garbage flowing as the
/// daemon's logging and status do, and forces full blocking collections, printing each pause's p50/p99/max.
/// The daemon runs the same GC (workstation, non-concurrent, see src/Vigil/Vigil.csproj): this is the worst
/// pause it can take, to set against Master_Down_Interval (36 ms at advert_int 0.01).
/// </summary>
internal static class GcPause
{
    public static void Run(string[] args)
    {
        int instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        int collections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        ConfigBindResult bound = ConfigBinder.Bind(ConfigParser.Parse(LargeConfigGenerator.Generate(instances), "/etc/keepalived/keepalived.conf", new ConfigLoadOptions { ConfigId = "bench1" }));
        NetAddress.TryParse("2001:db8::1", out NetAddress source);
        var routers = bound.Config.Instances.Select(i => new VirtualRouter(RouterOptionsMapping.FromConfig(i, source))).ToList();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        double[] pauses = new double[collections];
        var garbage = new List<string>(1000);
        for (int i = 0; i < collections; i++)
        {
            garbage.Clear();
            for (int j = 0; j < 1000; j++)
            {
                garbage.Add(string.Create(CultureInfo.InvariantCulture, $"VI_{j}: Backup -> Master ({i})"));
            }

            TimeSpan before = GC.GetTotalPauseDuration();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            pauses[i] = (GC.GetTotalPauseDuration() - before).TotalMilliseconds;
        }

        Array.Sort(pauses);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"gc-pause: {instances} instances ({routers.Count} routers), heap {GC.GetTotalMemory(false) / 1024} KiB, GC latency mode {System.Runtime.GCSettings.LatencyMode}, {collections} full blocking collections: pause p50 {pauses[collections / 2]:F3} ms, p99 {pauses[(int)(collections * 0.99)]:F3} ms, max {pauses[^1]:F3} ms"));
    }
}
