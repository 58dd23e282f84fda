using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// MISC_CHECK on the host: a running <see cref="LvsController"/> runs a real script through the daemon's script
/// runner (setsid/setpriv, timeout kill) every delay_loop; its exit status drives a recording table.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class MiscCheckerTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(6);
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-misc-").FullName;

    public MiscCheckerTests()
    {
        File.WriteAllText(Script, "#!/bin/sh\ns=$(cat \"$1\")\nif [ \"$s\" = sleep ]; then sleep 5; s=0; fi\nexit \"$s\"\n");
        File.SetUnixFileMode(Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    private string Script => Path.Combine(_directory, "check.sh");

    private string Status => Path.Combine(_directory, "status");

    [SkippableFact]
    public void MiscCheck_ScriptExitAndTimeout_DownThenUp()
    {
        Skip.IfNot(File.Exists("/usr/bin/setpriv") && File.Exists("/usr/bin/setsid"), "needs util-linux setsid and setpriv");
        File.WriteAllText(Status, "0");
        var table = new RecordingIpvsTable();
        using var scripts = new LvsScripts(GlobalDefs.Default, NullLogger.Instance);
        using LvsController controller = LvsCheckerLab.Start(Bind("misc_timeout 1"), table, null, scripts);

        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 1, "exit 0 brings the server in", table);
        Assert.Equal("MISC_CHECK up", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));
        File.WriteAllText(Status, "1");
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:80") == 1, "exit 1 takes it out (retry 0 by default)", table);
        File.WriteAllText(Status, "0");
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 2, "exit 0 again brings it back", table);
        File.WriteAllText(Status, "sleep");
        RecordingIpvsTable.Within(s_limit, () => table.Count("del 192.0.2.11:80") == 2, "a script still running at misc_timeout is killed and the server taken out", table);
        File.WriteAllText(Status, "3");
        Thread.Sleep(1000);
        Assert.Equal(2, table.Count("add 192.0.2.11:80 w1")); // without misc_dynamic, 3 is a failure
    }

    [SkippableFact]
    public void MiscDynamic_ExitStatusSetsTheWeightOneIsDown()
    {
        Skip.IfNot(File.Exists("/usr/bin/setpriv") && File.Exists("/usr/bin/setsid"), "needs util-linux setsid and setpriv");
        File.WriteAllText(Status, "12");
        var table = new RecordingIpvsTable();
        using var scripts = new LvsScripts(GlobalDefs.Default, NullLogger.Instance);
        using LvsController controller = LvsCheckerLab.Start(Bind("misc_dynamic"), table, null, scripts);

        RecordingIpvsTable.Within(s_limit, () => table.Has("add 192.0.2.11:80 w10"), "exit 12 brings the server in at weight 10", table);
        File.WriteAllText(Status, "7");
        RecordingIpvsTable.Within(s_limit, () => table.Has("set 192.0.2.11:80 w5"), "exit 7 sets weight 5", table);
        File.WriteAllText(Status, "1");
        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:80"), "exit 1 is down", table);
        File.WriteAllText(Status, "0");
        RecordingIpvsTable.Within(s_limit, () => table.Has("add 192.0.2.11:80 w1"), "exit 0 is up at the configured weight", table);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private VirtualServer Bind(string options)
    {
        string text = $$"""
            virtual_server 203.0.113.10 80 {
                delay_loop 0.2
                warmup 0
                alpha
                real_server 192.0.2.11 80 {
                    MISC_CHECK {
                        misc_path "{{Script}} {{Status}}"
                        {{options}}
                    }
                }
            }
            """;
        return LvsCheckerLab.Bind(text);
    }

}
