using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>Real runs through setsid + setpriv; needs root (to change uid) and util-linux.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ProcessRunnerTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly string _dir = Path.Combine("/tmp", $"vgproc-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly ProcessRunner _runner = new(TimeProvider.System);

    public ProcessRunnerTests()
    {
        Directory.CreateDirectory(_dir);
        File.SetUnixFileMode(_dir, (UnixFileMode)0x1ED); // 0755
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Script(string name, string body)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED);
        return path;
    }

    private static ScriptRunRequest Request(string program, int uid = Nobody, double timeoutSeconds = 10, params string[] args) =>
        new(program, args, uid, uid, TimeSpan.FromSeconds(timeoutSeconds)) { OutputLimit = 64 * 1024 };

    private static string Field(string status, string name) =>
        status.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    [SkippableFact]
    public async Task RunAsync_AsNobody_HasNoCapabilitiesItsOwnProcessGroupAndMinimalEnvironment()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root to change uid");
        string script = Script("status.sh", "cat /proc/self/status; echo PGID: $(ps -o pgid= -p $$ | tr -d ' '); echo PID: $$; env | sed 's/^/ENV:/'");
        Environment.SetEnvironmentVariable("LD_PRELOAD", "/nonexistent/vg.so");
        try
        {
            var result = await _runner.RunAsync(Request(script));
            Assert.True(result.Success, $"exit {result.ExitCode}: {result.Output}");
            Assert.Equal(Nobody.ToString(), Field(result.Output, "Uid").Split('\t')[0]);
            Assert.Equal("0000000000000000", Field(result.Output, "CapEff"));
            Assert.Equal("0000000000000000", Field(result.Output, "CapPrm"));
            Assert.Equal("0000000000000000", Field(result.Output, "CapAmb"));
            Assert.Equal("0000000000000000", Field(result.Output, "CapInh"));
            Assert.Equal(Field(result.Output, "PID"), Field(result.Output, "PGID"));
            Assert.Equal(result.Pid.ToString(), Field(result.Output, "PID"));
            var env = result.Output.Split('\n').Where(l => l.StartsWith("ENV:", StringComparison.Ordinal)).Select(l => l[4..]).Where(l => !l.StartsWith("PWD=", StringComparison.Ordinal) && !l.StartsWith("SHLVL=", StringComparison.Ordinal) && !l.StartsWith("_=", StringComparison.Ordinal)).ToList();
            Assert.Equal(["PATH=" + ScriptEnvironment.Path], env);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LD_PRELOAD", null);
        }
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithSpaces_ArriveAsOneArgvEntryEach()
    {
        string script = Script("args.sh", "for a in \"$@\"; do echo \"[$a]\"; done");
        var result = await _runner.RunAsync(Request(script, 0, 10, "a b", "$HOME", ";true"));
        Assert.Equal("[a b]\n[$HOME]\n[;true]\n", result.Output);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 3", 3)]
    [InlineData("kill -KILL $$", 137)]
    public async Task RunAsync_ExitStatus_IsRecorded(string body, int exitCode)
    {
        var result = await _runner.RunAsync(Request(Script("exit.sh", body), 0));
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal(exitCode == 0, result.Success);
    }

    [Fact]
    public async Task RunAsync_HungScript_IsKilledAndCountsAsTimedOut()
    {
        string pidFile = Path.Combine(_dir, "child.pid");
        string script = Script("hang.sh", $"sleep 300 & echo $! > {pidFile}; wait");
        var result = await _runner.RunAsync(Request(script, 0, 0.5));
        Assert.True(result.TimedOut);
        Assert.False(result.Success);
        int child = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.False(Directory.Exists($"/proc/{child}") && !File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal), "the grandchild in the group survived");
    }

    [Fact]
    public async Task RunAsync_TermIgnoringScript_IsKilledAfterGrace()
    {
        string script = Script("stubborn.sh", "trap '' TERM; while :; do sleep 0.1; done");
        var result = await _runner.RunAsync(Request(script, 0, 0.3));
        Assert.True(result.TimedOut);
        Assert.Equal(137, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_ChattyScript_DoesNotBlockAndOutputIsTruncated()
    {
        string script = Script("chatty.sh", "head -c 10000000 /dev/zero | tr '\\0' x; echo done >&2");
        var result = await _runner.RunAsync(Request(script, 0, 60) with { OutputLimit = 1000 });
        Assert.True(result.Success, $"exit {result.ExitCode}: {result.Output[..Math.Min(200, result.Output.Length)]}");
        Assert.False(result.TimedOut);
        Assert.True(result.OutputTruncated);
        Assert.Equal(1000, result.Output.Length);
    }

    [Fact]
    public async Task TryStart_WhileRunning_SkipsAndCounts()
    {
        var serial = new SerialScriptRunner(_runner);
        string script = Script("slow.sh", "sleep 1");
        Assert.True(serial.TryStart(Request(script, 0), out var first));
        Assert.False(serial.TryStart(Request(script, 0), out _));
        Assert.Equal(1, serial.SkippedRuns);
        await first;
        Assert.True(serial.TryStart(Request(script, 0), out var again));
        await again;
    }

    [Fact]
    public async Task RunAsync_GrandchildInItsOwnSessionHoldsThePipes_RunEndsWhenTheScriptExits()
    {
        string pidFile = Path.Combine(_dir, "orphan.pid");
        string script = Script("detach.sh", $"setsid sleep 20 & echo $! > {pidFile}; echo started; exit 0");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var result = await _runner.RunAsync(Request(script, 0, 10));
            clock.Stop();
            Assert.True(result.Success, $"exit {result.ExitCode}: {result.Output}");
            Assert.Equal("started\n", result.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the run took {clock.Elapsed.TotalMilliseconds:F0} ms: it waited for the detached sleep");
        }
        finally
        {
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out int orphan))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(orphan).Kill();
                }
                catch (ArgumentException)
                {
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_AfterMarkCloseOnExec_DescriptorInheritedByTheDaemonDoesNotReachTheScript()
    {
        string secret = Path.Combine(_dir, "secret");
        File.WriteAllText(secret, "s");
        int fd = OpenInheritable(secret);
        try
        {
            string script = Script("fds.sh", "ls /proc/$$/fd");
            InheritedDescriptors.MarkCloseOnExec();
            var result = await _runner.RunAsync(Request(script, 0));
            var fds = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.DoesNotContain(fd, fds);
            Assert.Equal([0, 1, 2], fds.Where(f => f < 10).Order());
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [SkippableFact]
    public async Task RunAsync_SwitchWithoutTheCapabilities_IsNotLaunchedAndNamesThem()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root");
        string script = Script("ok.sh", "exit 0");
        var self = new LaunchIdentity(0, 0, (1UL << Vigil.Linux.Host.Capabilities.NetRaw) | (1UL << Vigil.Linux.Host.Capabilities.NetAdmin));
        Assert.Equal(["CAP_SETUID", "CAP_SETGID", "CAP_KILL"], self.Missing(Nobody, Nobody).Select(Vigil.Linux.Host.Capabilities.Name));
        Assert.Empty(self.Missing(0, 0));
        Assert.DoesNotContain("--clear-groups", ProcessRunner.WrapperArguments(Request(script, 0), self));
        Assert.Contains("--reuid=65534", ProcessRunner.WrapperArguments(Request(script, Nobody), self));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenInheritable(string path, int flags = 0);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
