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
        LabNode a = lab.AddNode("a");
        a.AddAddress("192.0.2.1/24");
        string fifo = Path.Combine(_directory, "keepalived.conf");
        HostCommand.Must("mkfifo", "-m", "600", fifo);
        string text = $$"""
            vrrp_instance VI_1 {
                state MASTER
                interface {{a.Interface}}
                version 3
                virtual_router_id 61
                priority 100
                advert_int 0.1
                garp_master_delay 0
                virtual_ipaddress {
                    192.0.2.100/24
                }
            }

            """;

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
