using System.Diagnostics;
using System.Globalization;
using Vigil.Lab;
using Vigil.Lab.Topology;
using Xunit.Abstractions;

namespace Vigil.Cli.Tests.Lab;

/// <summary>
/// `vigil lab` started as a script's background job (`vigil lab &amp;`: SIGINT ignored) or under nohup (SIGHUP ignored)
/// inherits those signals ignored, and .NET installs no handler for an ignored one. The lab puts SIGINT and SIGTERM
/// back, as `vigil run` does, so kill -INT still removes it; SIGHUP stays ignored, as nohup asked. A separate
/// process (the apphost, through `env --ignore-signal`), built-in responder, fast timing; prefix "vgsgi-".
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabSignalTests(ITestOutputHelper output)
{
    private const string Prefix = "vgsgi-";

    [SkippableFact]
    public void VigilLab_StartedWithHupAndIntIgnored_SighupStillIgnoredSigintRemovesTheLab()
    {
        string? reason = SeedLab.UnavailableReason();
        Skip.If(reason is not null, reason);
        Skip.IfNot(Vigil.Linux.Host.HostCommand.Exists("env"), "needs coreutils env");
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in (string[])["--ignore-signal=HUP,INT", Path.Combine(AppContext.BaseDirectory, "vigil"), "lab", "--no-nginx", "--timing", "fast", "--prefix", Prefix, "--minutes", "3"])
        {
            start.ArgumentList.Add(argument);
        }

        var log = new System.Text.StringBuilder();
        using Process lab = Process.Start(start)!; // env execs: the PID is the lab's
        lab.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        lab.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        lab.BeginOutputReadLine();
        lab.BeginErrorReadLine();
        string pid = lab.Id.ToString(CultureInfo.InvariantCulture);
        try
        {
            Assert.True(SeedLab.WaitUntil(() => CheckCommandTests.Vigil("lab", "status", "--prefix", Prefix).Exit == 0, TimeSpan.FromSeconds(90)), "the lab should come up\n" + Log());

            Vigil.Linux.Host.HostCommand.Must("kill", "-HUP", pid);
            Assert.False(lab.WaitForExit(TimeSpan.FromSeconds(2)), "SIGHUP left ignored by nohup must not end the lab\n" + Log());

            var clock = Stopwatch.StartNew();
            Vigil.Linux.Host.HostCommand.Must("kill", "-INT", pid);
            Assert.True(lab.WaitForExit(TimeSpan.FromSeconds(60)), "SIGINT should end the lab although the parent left it ignored\n" + Log());
            output.WriteLine($"SIGINT → lab removed and exited: {clock.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Empty(LabTopology.ExistingNamespaces(Prefix));
            Assert.False(Directory.Exists(SeedLab.DirectoryFor(Prefix)));
        }
        finally
        {
            if (!lab.HasExited)
            {
                output.WriteLine("quit: " + CheckCommandTests.Vigil("lab", "quit", "--prefix", Prefix).Err);
                if (!lab.WaitForExit(TimeSpan.FromSeconds(60)))
                {
                    lab.Kill();
                }
            }

            output.WriteLine(Log());
        }

        string Log()
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }
}
