using System.Globalization;
using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Benchmarks;

/// <summary>
/// `tcp-check [count=1000] [seconds=10] [port=20000]`: the TCP_CHECK engine with <c>count</c> checks at delay_loop 1
/// (connect_timeout 1, retry 0) to 127.0.0.1:port.. (something must accept there: the bench's acceptor), and prints,
/// over <c>seconds</c> after a warmup, the engine thread's user and system CPU per 1,000 checks, the process's,
/// the checks done, and the bytes allocated per check. Host-side reproduction of the guest benchmark's checker work.
/// </summary>
internal static class TcpCheckCost
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        double seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        int port = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20000;
        var timing = new CheckTiming(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 0, TimeSpan.FromSeconds(1));
        long checks = 0, downs = 0;
        using var engine = new TcpCheckEngine();
        for (int i = 0; i < count; i++)
        {
            engine.Add(new CallbackTcpCheckSlot(new IPEndPoint(IPAddress.Loopback, port + i), timing, (_, up) =>
            {
                checks++; // engine thread only
                if (!up)
                {
                    downs++;
                }
            }));
        }

        Thread.Sleep(3000);
        string task = EngineTask();
        (long u0, long s0) = Ticks($"/proc/self/task/{task}/stat");
        (long pu0, long ps0) = Ticks("/proc/self/stat");
        long c0 = Volatile.Read(ref checks), d0 = Volatile.Read(ref downs), a0 = GC.GetTotalAllocatedBytes(true);
        int g0 = GC.CollectionCount(0);
        long t0 = Environment.TickCount64;
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        long wall = Environment.TickCount64 - t0;
        (long u1, long s1) = Ticks($"/proc/self/task/{task}/stat");
        (long pu1, long ps1) = Ticks("/proc/self/stat");
        long c = Volatile.Read(ref checks) - c0, d = Volatile.Read(ref downs) - d0, a = GC.GetTotalAllocatedBytes(true) - a0;
        double per = 1000.0 / Math.Max(1, c);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"checks {c} in {wall} ms ({c * 1000.0 / wall:F0}/s, {d} down); engine thread user {(u1 - u0) * 10} ms sys {(s1 - s0) * 10} ms = {((u1 - u0) + (s1 - s0)) * 10 * per:F1} ms per 1,000 checks ({((u1 - u0) + (s1 - s0)) * 1000.0 / wall:F1} % of a core); process user {(pu1 - pu0) * 10} ms sys {(ps1 - ps0) * 10} ms; allocated {a} B ({a / (double)Math.Max(1, c):F2} B/check), gen0 GCs {GC.CollectionCount(0) - g0}"));
    }

    private static string EngineTask()
    {
        foreach (string dir in Directory.GetDirectories("/proc/self/task"))
        {
            if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "vigil-tcp-check")
            {
                return Path.GetFileName(dir);
            }
        }

        throw new InvalidOperationException("no vigil-tcp-check thread");
    }

    /// <summary>utime and stime (clock ticks) of a /proc stat file.</summary>
    private static (long User, long System) Ticks(string stat)
    {
        string text = File.ReadAllText(stat);
        string[] f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(f[11], CultureInfo.InvariantCulture), long.Parse(f[12], CultureInfo.InvariantCulture));
    }
}
