using System.Globalization;
using System.Text;
using Vigil.Config.Binding;
using Vigil.Config.Syntax;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Status;

namespace Vigil.Benchmarks;

/// <summary>
/// `retained [instances=1000]`: what `vigil run` keeps per instance on the managed heap, layer by layer (the bound
/// configuration, the state machines, the loop's bindings with statistics and status facts), for a config like
/// bench/failover's idle rows (v3 multicast, one VIP each). Bytes after a full compacting collection, per instance.
/// </summary>
internal static class RetainedMemory
{
    public static void Run(string[] args)
    {
        int instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var text = new StringBuilder();
        for (int i = 1; i <= instances; i++)
        {
            int vrid = ((i - 1) % 250) + 1;
            text.Append(CultureInfo.InvariantCulture, $"vrrp_instance VI_{i} {{\n  state MASTER\n  interface vgb-x{(i - 1) / 250}\n  virtual_router_id {vrid}\n  version 3\n  priority 100\n  advert_int 1\n  virtual_ipaddress {{\n    198.51.100.{vrid}/32\n  }}\n}}\n");
        }

        string source = text.ToString();
        long baseline = Heap();
        ConfigBindResult bound = ConfigBinder.Bind(ConfigParser.Parse(source, "/etc/keepalived/keepalived.conf", new ConfigLoadOptions()));
        long config = Heap();
        NetAddress.TryParse("203.0.113.1", out NetAddress address);
        var routers = bound.Config.Instances.Select(i => new VirtualRouter(RouterOptionsMapping.FromConfig(i, address))).ToList();
        long state = Heap();
        var bindings = routers.Select((r, i) => new RouterBinding(r, 2, new ReceiveExpectation
        {
            Version = 3,
            VirtualRouterId = (byte)bound.Config.Instances[i].VirtualRouterId,
            AdverIntervalCentiseconds = 100,
            VirtualAddresses = new byte[4],
            AuthPassword = Array.Empty<byte>(),
            UnicastPeers = Array.Empty<NetAddress>(),
        })
        {
            Info = InstanceInfo.FromConfig(bound.Config.Instances[i], "vgb-x0", "203.0.113.1"),
        }).ToList();
        foreach (RouterBinding b in bindings)
        {
            b.Statistics.RecordTransition(new TransitionRecord(RouterState.Initialize, RouterState.Backup, new TransitionReason(TransitionReasonKind.Startup), TimeSpan.Zero, DateTimeOffset.UnixEpoch));
            b.Statistics.RecordTransition(new TransitionRecord(RouterState.Backup, RouterState.Master, new TransitionReason(TransitionReasonKind.MasterDownTimerExpired), TimeSpan.FromSeconds(4), DateTimeOffset.UnixEpoch));
        }

        long loop = Heap();
        var infos = bound.Config.Instances.Select(i => InstanceInfo.FromConfig(i, "vgb-x0", "203.0.113.1")).ToList();
        long info = Heap();
        var statistics = bindings.Select(_ => new InstanceStatistics()).ToList();
        foreach (InstanceStatistics s in statistics)
        {
            s.RecordTransition(new TransitionRecord(RouterState.Initialize, RouterState.Backup, new TransitionReason(TransitionReasonKind.Startup), TimeSpan.Zero, DateTimeOffset.UnixEpoch));
            s.RecordTransition(new TransitionRecord(RouterState.Backup, RouterState.Master, new TransitionReason(TransitionReasonKind.MasterDownTimerExpired), TimeSpan.FromSeconds(4), DateTimeOffset.UnixEpoch));
        }

        long stats = Heap();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retained per instance ({instances}): bound config {(config - baseline) / instances} B, VirtualRouter {(state - config) / instances} B, RouterBinding (statistics, info, expectation, tracking) {(loop - state) / instances} B, of which InstanceInfo {(info - loop) / instances} B, InstanceStatistics after two transitions {(stats - info) / instances} B; total {(loop - baseline) / 1024} KiB"));
        GC.KeepAlive(infos);
        GC.KeepAlive(statistics);
        GC.KeepAlive(bound);
        GC.KeepAlive(bindings);
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(true);
    }
}
