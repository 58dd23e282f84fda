using System.Diagnostics;
using System.Globalization;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// A SIGHUP (a `systemctl reload`) or a dump signal that arrives while `vigil run` is still reading its
/// configuration must not end it. The configuration file here is a FIFO, so the daemon provably sits in
/// its configuration read (blocked opening the FIFO) when the signals arrive; it goes on once the test
/// writes the text, and the held SIGHUP becomes one reload (which reads the FIFO again).
/// </summary>
public sealed class StartupSignalNetnsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-startsig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_SighupAndUsr1WhileReadingTheConfig_KeepsRunningStartsAndReloadsOnce()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("sghup");
        LabNode a = Node(lab);
        string fifo = Path.Combine(_directory, "keepalived.conf");
        HostCommand.Must("mkfifo", "-m", "600", fifo);
        string text = MasterConfig(a, 61);

        using VigilProcess daemon = VigilProcess.Start(a, "run", "-f", fifo);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => CatchesSighup(daemon.Id), "vigil run should catch SIGHUP while it reads the configuration", daemon);
        Assert.DoesNotContain("VI_1", daemon.StandardError, StringComparison.Ordinal); // still blocked on the FIFO: nothing read yet

        string pid = daemon.Id.ToString(CultureInfo.InvariantCulture);
        HostCommand.Must("kill", "-HUP", pid);
        HostCommand.Must("kill", "-USR1", pid);
        Thread.Sleep(200);
        Assert.True(daemon.WaitForExit(TimeSpan.Zero) is null, "SIGHUP/SIGUSR1 during start-up ended vigil run\n" + daemon.StandardError);

        var clock = Stopwatch.StartNew();
        WriteFifo(fifo, text); // the start-up read
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the daemon should start and take the VIP", daemon);
        output.WriteLine($"config written → VIP: {clock.Elapsed.TotalMilliseconds:F0} ms");

        WriteFifo(fifo, text); // the held SIGHUP's reload reads the file again
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => daemon.StandardError.Contains("reload applied: 1 instance(s) kept as they were", StringComparison.Ordinal),
            "the SIGHUP held during start-up should become one reload", daemon);
        Assert.Contains("reload requested (SIGHUP received during start-up)", daemon.StandardError, StringComparison.Ordinal);
        Assert.True(VigilRunNetnsTests.HasVip(a));
        Assert.Null(daemon.WaitForExit(TimeSpan.Zero));
    }

    /// <summary>
    /// An ignored signal survives exec (nohup ignores SIGHUP; a script's background job starts with SIGINT ignored),
    /// and .NET installs no handler for a signal it finds ignored: vigil puts its signals back to default first, so
    /// it reloads and stops as keepalived (which sets its own handlers) does.
    /// </summary>
    [SkippableFact]
    public void VigilRun_StartedWithHupAndIntIgnored_StillReloadsOnSighupAndStopsOnSigint()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("sgign");
        LabNode a = Node(lab);
        string config = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(config, MasterConfig(a, 62));

        using VigilProcess daemon = VigilProcess.StartIgnoring(a, "HUP,INT", "run", "-f", config);
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => VigilRunNetnsTests.HasVip(a), "the daemon should start and take the VIP", daemon);
        daemon.Hangup();
        VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(20), () => daemon.StandardError.Contains("reload applied", StringComparison.Ordinal),
            "SIGHUP should reload although the parent left it ignored", daemon);

        HostCommand.Must("kill", "-INT", daemon.Id.ToString(CultureInfo.InvariantCulture));
        Assert.True(daemon.WaitForExit(TimeSpan.FromSeconds(20)) is not null, "SIGINT should stop vigil although the parent left it ignored\n" + daemon.StandardError);
        Assert.False(VigilRunNetnsTests.HasVip(a), "the stopped daemon should have removed its VIP");
    }

    private static LabNode Node(NetnsLab lab)
    {
        LabNode a = lab.AddNode("a");
        a.AddAddress("192.0.2.1/24");
        return a;
    }

    /// <summary>One v3 master at advert_int 0.1 on <paramref name="node"/> holding 192.0.2.100.</summary>
    private static string MasterConfig(LabNode node, int routerId) => $$"""
        vrrp_instance VI_1 {
            state MASTER
            interface {{node.Interface}}
            version 3
            virtual_router_id {{routerId}}
            priority 100
            advert_int 0.1
            garp_master_delay 0
            virtual_ipaddress {
                192.0.2.100/24
            }
        }

        """;

    /// <summary>Bit 0 of SigCgt in /proc/PID/status: a handler for signal 1 (SIGHUP) is installed.</summary>
    private static bool CatchesSighup(int pid)
    {
        string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigCgt:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 1) != 0;
    }

    /// <summary>Opens the FIFO for writing (blocks until the daemon opens it for reading; bounded) and writes the whole text.</summary>
    private static void WriteFifo(string fifo, string text)
    {
        Task write = Task.Run(() => File.WriteAllText(fifo, text));
        Assert.True(write.Wait(TimeSpan.FromSeconds(20)), $"nobody read {fifo} within 20 s");
    }
}
