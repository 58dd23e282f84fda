using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Binding;
using Vigil.Config.Syntax;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux.Ipvs;

namespace Vigil.Benchmarks;

/// <summary>
/// `retained-lvs [reals=1000]`: what `vigil run` keeps per real server on the managed heap for the guest benchmark's
/// configuration (one virtual server, TCP_CHECK delay_loop 1 each): the bound configuration, then the controller (table
/// state, checker slots, the engine's timers) over an in-memory table. Bytes after a full compacting collection.
/// The targets are TEST-NET addresses with nothing behind them: checks in the short window fail or time out.
/// </summary>
internal static class RetainedLvs
{
    public static void Run(string[] args)
    {
        int reals = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        Retain(1, quiet: true); // first: the binder's keyword tables and other once-per-process state are not counted per real server
        Retain(reals, quiet: false);
    }

    private static void Retain(int reals, bool quiet)
    {
        var text = new StringBuilder("virtual_server 192.0.2.10 80 {\n  delay_loop 1\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n");
        for (int i = 0; i < reals; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  real_server 198.51.100.{i % 250 + 1} {8000 + (i / 250)} {{\n    TCP_CHECK {{\n      connect_timeout 1\n      retry 0\n    }}\n  }}\n");
        }

        string source = text.Append("}\n").ToString();
        long baseline = Heap();
        ConfigBindResult bound = ConfigBinder.Bind(ConfigParser.Parse(source, "/etc/keepalived/keepalived.conf", new ConfigLoadOptions()));
        long config = Heap();
        using var engine = new TcpCheckEngine();
        long engineOnly = Heap();
        using LvsController controller = LvsController.Start(bound.Config.VirtualServers, new MemoryTable(), null, NullLogger.Instance,
            (f, t, p) => new System.Net.Sockets.Socket(f, t, p), null, engine);
        long started = Heap();
        Thread.Sleep(quiet ? 0 : 2500);
        long running = Heap();
        if (quiet)
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"retained per real server ({reals}): bound config {(config - baseline) / reals} B, controller at start {(started - engineOnly) / reals} B, after 2.5 s of checks {(running - engineOnly) / reals} B; engine alone {(engineOnly - config) / 1024} KiB; total {(running - baseline) / 1024} KiB"));
        GC.KeepAlive(bound);
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(true);
    }

    private sealed class MemoryTable : IIpvsTable
    {
        public IReadOnlyList<IpvsService> GetServices() => [];

        public IReadOnlyList<IpvsDestination> GetDestinations(IpvsService service) => [];

        public void AddService(IpvsService service)
        {
        }

        public void DeleteService(IpvsService service)
        {
        }

        public void UpdateService(IpvsService service)
        {
        }

        public void AddDestination(IpvsService service, IpvsDestination destination)
        {
        }

        public void UpdateDestination(IpvsService service, IpvsDestination destination)
        {
        }

        public void DeleteDestination(IpvsService service, IpvsDestination destination)
        {
        }
    }
}
