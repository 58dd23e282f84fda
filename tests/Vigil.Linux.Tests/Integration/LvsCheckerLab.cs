using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Lvs;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>What the checker tests share: a virtual server bound from keepalived.conf text, a director and a real-server node, and a controller whose checkers run in the director.</summary>
internal static class LvsCheckerLab
{
    /// <summary>A "dir" node at 192.0.2.1 and an "rs" node holding 192.0.2.11 … 192.0.2.(10 + <paramref name="reals"/>).</summary>
    public static (LabNode Director, LabNode Real) Nodes(NetnsLab lab, int reals)
    {
        LabNode director = lab.AddNode("dir");
        LabNode real = lab.AddNode("rs");
        director.AddAddress("192.0.2.1/24");
        for (int i = 1; i <= reals; i++)
        {
            real.AddAddress($"192.0.2.{10 + i}/24");
        }

        return (director, real);
    }

    /// <summary>Starts the checkers of <paramref name="server"/> on <paramref name="table"/>, their sockets opened in <paramref name="director"/> (the host's when null).</summary>
    public static LvsController Start(VirtualServer server, RecordingIpvsTable table, LabNode? director, LvsScripts? scripts = null) => Start([server], table, director, scripts);

    /// <summary>
    /// The same for several servers; with <paramref name="engine"/> the TCP_CHECK/PING_CHECK engine's thread is started
    /// in <paramref name="director"/> too (the controller owns and disposes it).
    /// </summary>
    public static LvsController Start(IReadOnlyList<VirtualServer> servers, RecordingIpvsTable table, LabNode? director, LvsScripts? scripts = null, bool engine = false) =>
        LvsController.Start(servers, table, null, NullLogger.Instance,
            (family, type, protocol) => director is null ? new Socket(family, type, protocol) : NetworkNamespace.Run(director.Namespace, () => new Socket(family, type, protocol)),
            scripts,
            !engine ? null : director is null ? new TcpCheckEngine() : NetworkNamespace.Run(director.Namespace, () => new TcpCheckEngine()));

    /// <summary>The one virtual server of <paramref name="text"/>, which must bind without errors.</summary>
    public static VirtualServer Bind(string text)
    {
        ConfigBindResult result = ConfigBinder.Bind(ConfigLoader.Load("lvs.conf", new ConfigLoadOptions { FileSystem = new InMemoryConfigFileSystem().Add("lvs.conf", text) }));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return Assert.Single(result.Config.VirtualServers);
    }

    /// <summary>
    /// Attempts on <paramref name="poller"/> (each started by <paramref name="begin"/> with token 7, false when it did not
    /// start) waited for one by one: a warm-up until 20 have succeeded (JIT, first-call stubs, and the lab's first
    /// packets, which a freshly made link may lose: at most 200 tries), then 200 measured. Returns how many of the
    /// measured 200 succeeded, the bytes this thread allocated during them, and the errno of the last measured failure
    /// (0 none; -1 did not start or no answer) so an assertion can say why.
    /// </summary>
    public static (int Succeeded, long Allocated, int LastError) SteadyAllocations(Vigil.Linux.Checking.TcpConnectPoller poller, Func<bool> begin)
    {
        var done = new (int Token, int Fd, int Error)[4];
        int lastError = 0;
        int Attempts(int count, int enough)
        {
            int ok = 0;
            for (int i = 0; i < count && ok < enough; i++)
            {
                if (!begin())
                {
                    lastError = -1; // counted as failed (an assertion here would allocate inside the measurement)
                    continue;
                }

                int error = -1;
                for (int wait = 0; wait < 10; wait++)
                {
                    int n = poller.Wait(500, done);
                    if (n > 0 && done[0].Token == 7)
                    {
                        error = done[0].Error;
                        break;
                    }
                }

                ok += error == 0 ? 1 : 0;
                lastError = error == 0 ? lastError : error;
            }

            return ok;
        }

        _ = Attempts(200, 20);
        lastError = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        int measured = Attempts(200, 200);
        return (measured, GC.GetAllocatedBytesForCurrentThread() - before, lastError);
    }
}
