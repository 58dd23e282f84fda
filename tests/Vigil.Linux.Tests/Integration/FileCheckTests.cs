using Vigil.Config.Model;
using Vigil.Daemon.Lvs;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// FILE_CHECK on the host: a running <see cref="LvsController"/> follows real track_files in a temporary directory
/// (inotify, as keepalived); each value drives a recording table at once, without delay_loop or retry.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileCheckTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(6);
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-filecheck-").FullName;

    [Fact]
    public void FileCheck_WeightZeroAndReverse_ValueTakesTheServerOutAndBack()
    {
        File.WriteAllText(Path("plain"), "0\n");
        File.WriteAllText(Path("rev"), "0\n");
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(Bind(
            $"track_file plain {{\nfile {Path("plain")}\nweight 0\n}}\ntrack_file rev {{\nfile {Path("rev")}\nweight 0 reverse\n}}\n",
            "real_server 192.0.2.11 80 {\nFILE_CHECK {\ntrack_file plain\n}\n}\nreal_server 192.0.2.12 80 {\nFILE_CHECK {\ntrack_file rev\n}\n}"), table, null);

        // known at once, alpha or not: 0 is up at weight 0; with reverse 0 is down
        Assert.True(table.Has("add 192.0.2.11:80 w1"), table.ToString());
        Assert.False(table.Has("add 192.0.2.12:80 w1"), table.ToString());
        Assert.Equal("FILE_CHECK up", Assert.Single(controller.Snapshot()[0].RealServers[0].Checkers));
        File.WriteAllText(Path("plain"), "1\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.11:80"), "a non-zero value takes it out", table);
        File.WriteAllText(Path("plain"), "0\n");
        RecordingIpvsTable.Within(s_limit, () => table.Count("add 192.0.2.11:80 w1") == 2, "zero brings it back", table);
        File.WriteAllText(Path("rev"), "5\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("add 192.0.2.12:80 w1"), "reverse: non-zero brings it in", table);
        File.Delete(Path("rev"));
        RecordingIpvsTable.Within(s_limit, () => table.Has("del 192.0.2.12:80"), "reverse: the file removed reads 0, out", table);
    }

    [Fact]
    public void FileCheck_Weighted_ValueTimesWeightAddsToTheRealServersWeight()
    {
        File.WriteAllText(Path("w"), "3\n");
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(Bind(
            $"track_file w {{\nfile {Path("w")}\n}}\n",
            "real_server 192.0.2.11 80 {\nweight 1\nFILE_CHECK {\ntrack_file w\nweight 2\n}\n}\nreal_server 192.0.2.12 80 {\nweight 10\nFILE_CHECK {\ntrack_file w\nweight 1 reverse\n}\n}"), table, null);

        Assert.True(table.Has("add 192.0.2.11:80 w7") && table.Has("add 192.0.2.12:80 w7"), table.ToString()); // 1 + 3×2, 10 − 3
        File.WriteAllText(Path("w"), "5\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("set 192.0.2.11:80 w11") && table.Has("set 192.0.2.12:80 w5"), "5: 1 + 10 and 10 − 5", table);
        File.WriteAllText(Path("w"), "-1\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("set 192.0.2.11:80 w0") && table.Has("set 192.0.2.12:80 w11"), "-1: below zero is weight 0, still in the table", table);
        File.WriteAllText(Path("w"), "0\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("set 192.0.2.11:80 w1") && table.Has("set 192.0.2.12:80 w10"), "0: the configured weights", table);
        Assert.False(table.Has("del 192.0.2.11:80") || table.Has("del 192.0.2.12:80"), table.ToString()); // weighted: never down
    }

    [Fact]
    public void FileCheck_Reload_UnchangedKeepsTheTable_ANewPathIsReadAtOnceAndThenFollowed()
    {
        File.WriteAllText(Path("a"), "3\n");
        File.WriteAllText(Path("b"), "5\n");
        string reals = "real_server 192.0.2.11 80 {\nweight 1\nFILE_CHECK {\ntrack_file w\nweight 2\n}\n}";
        VirtualServer Config(string file) => Bind($"track_file w {{\nfile {Path(file)}\n}}\n", reals);
        var table = new RecordingIpvsTable();
        using LvsController controller = LvsCheckerLab.Start(Config("a"), table, null);
        Assert.True(table.Has("add 192.0.2.11:80 w7"), table.ToString()); // 1 + 3 × 2
        string before = table.ToString();

        controller.Reload([Config("a")]);
        Assert.Equal(before, table.ToString()); // same file, same value: the table is not touched

        // the track_file now names b: read by the reload itself (keepalived's init_track_files), before any watcher could see it
        controller.Reload([Config("b")]);
        Assert.True(table.Has("set 192.0.2.11:80 w11"), table.ToString()); // 1 + 5 × 2
        File.WriteAllText(Path("b"), "0\n");
        RecordingIpvsTable.Within(s_limit, () => table.Has("set 192.0.2.11:80 w1"), "b is followed after the reload", table);
        File.WriteAllText(Path("a"), "9\n");
        Thread.Sleep(1500); // past the watchers' 1 s poll: a is no longer followed
        Assert.False(table.Has("set 192.0.2.11:80 w19"), table.ToString());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_directory, name);

    private static VirtualServer Bind(string top, string reals) => LvsCheckerLab.Bind($"{top}virtual_server 203.0.113.10 80 {{\ndelay_loop 0.2\nalpha\n{reals}\n}}\n");
}
