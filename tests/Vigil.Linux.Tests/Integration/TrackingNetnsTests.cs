using System.Diagnostics;
using System.Globalization;
using Vigil.Linux.Tests.Netns;
using Xunit.Abstractions;
using static Vigil.Linux.Tests.Integration.VigilRunNetnsTests;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// `vigil run` with trackers, in lab namespaces (VRRPv3, advert_int 0.1): a weighted vrrp_script moves
/// the VIP to the backup and back, an unweighted one puts the instance in FAULT, and scripts run
/// without the daemon's capabilities. The checks read a flag file the test creates and removes.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrackingNetnsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(10);

    private readonly string _directory = CreateDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public void VigilRun_WeightedScriptFails_VipMovesToBackupAndBackOnRecovery()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trws");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string flag = Path.Combine(_directory, "nginx-down");
        string check = WriteScript("check.sh", $"[ ! -e {flag} ]");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"vrrp_script chk_nginx {{\n    script \"{check}\"\n    interval 0.1\n    weight -20\n}}\n",
            instance: "    track_script {\n        chk_nginx\n    }\n");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1");

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);

        var clock = Stopwatch.StartNew();
        File.WriteAllText(flag, "");
        AssertWithin(s_limit, () => HasVip(b) && !HasVip(a), "priority 100 − 20 = 80 < 90: the backup should take the VIP", master, backup);
        output.WriteLine($"check fails → VIP on backup: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("script chk_nginx is Down: priority 100 -> 80", master.StandardError, StringComparison.Ordinal);

        clock.Restart();
        File.Delete(flag);
        AssertWithin(s_limit, () => HasVip(a) && !HasVip(b), "back at 100 > 90 the master should preempt and take the VIP back", master, backup);
        output.WriteLine($"check recovers → VIP back on master: {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    [SkippableFact]
    public void VigilRun_UnweightedScriptFails_FaultReleasesVipAndRecoveryTakesItBack()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trwu");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string flag = Path.Combine(_directory, "down");
        string check = WriteScript("check.sh", $"[ ! -e {flag} ]");
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"vrrp_script chk {{\n    script \"{check}\"\n    interval 0.1\n}}\n",
            instance: "    track_script {\n        chk\n    }\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);

        File.WriteAllText(flag, "");
        AssertWithin(s_limit, () => !HasVip(a) && vigil.StandardError.Contains("Master -> Fault", StringComparison.Ordinal), "a failing unweighted script puts the instance in FAULT", vigil);

        File.Delete(flag);
        AssertWithin(s_limit, () => HasVip(a), "after recovery the node should become master again", vigil);
        Assert.Contains("Fault -> Backup", vigil.StandardError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void VigilRun_AsNonRootWithAmbientCapabilities_ScriptsGetNoCapabilities()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.If(HostCommand.Run("id", "nobody").ExitCode != 0, "needs the user nobody");
        using NetnsLab lab = NetnsLab.Create("trcap");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string outputDirectory = Path.Combine(_directory, "out");
        Directory.CreateDirectory(outputDirectory);
        File.SetUnixFileMode(outputDirectory, (UnixFileMode)0x1FF); // 0777: the daemon (and its script) run as nobody
        string status = Path.Combine(outputDirectory, "status");
        string check = WriteScript("status.sh", $"cat /proc/self/status > {status}.tmp && mv {status}.tmp {status}");
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"vrrp_script chk {{\n    script \"{check}\"\n    interval 0.2\n    weight 10\n}}\n",
            instance: "    track_script {\n        chk\n    }\n");

        using VigilProcess vigil = VigilProcess.StartProgram(a, "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
            "--inh-caps=+net_raw,+net_admin", "--ambient-caps=+net_raw,+net_admin", "--",
            "env", "DOTNET_CLI_HOME=/tmp", "HOME=/tmp", "dotnet", VigilProcess.VigilDll(), "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => File.Exists(status), "the script should have run", vigil);

        string[] lines = File.ReadAllLines(status);
        string Field(string name) => lines.Single(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split('\t', 2)[1].Trim();
        output.WriteLine(string.Join('\n', lines.Where(l => l.StartsWith("Cap", StringComparison.Ordinal) || l.StartsWith("Uid", StringComparison.Ordinal))));
        Assert.Equal("0000000000000000", Field("CapEff"));
        Assert.Equal("0000000000000000", Field("CapPrm"));
        Assert.Equal("0000000000000000", Field("CapAmb"));
        Assert.Equal("0000000000000000", Field("CapInh"));
        Assert.StartsWith("65534", Field("Uid"), StringComparison.Ordinal);
        Assert.Contains("CAP_NET_RAW", VigilCapabilities(vigil.Id), StringComparison.Ordinal);
    }

    /// <summary>
    /// The packaged unit's capabilities before this change (CAP_NET_RAW CAP_NET_ADMIN CAP_SYS_NICE only): a
    /// check script run as root still runs (setpriv's user switch made it fail with exit 127 on every run),
    /// and descriptor 9, open when vigil was started, does not reach it.
    /// </summary>
    [SkippableFact]
    public void VigilRun_WithOnlyTheVrrpCapabilities_RootScriptRunsWithoutInheritedDescriptors()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trun");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string fds = Path.Combine(_directory, "fds");
        string check = WriteScript("fds.sh", $"ls /proc/$$/fd > {fds}.tmp && mv {fds}.tmp {fds}");
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"vrrp_script chk {{\n    script \"{check}\"\n    interval 0.2\n    weight 10\n}}\n",
            instance: "    track_script {\n        chk\n    }\n");

        using VigilProcess vigil = VigilProcess.StartProgram(a, "setpriv", "--bounding-set=-all,+net_raw,+net_admin,+sys_nice", "--",
            "bash", "-c", "exec 9</etc/hostname; exec \"$@\"", "vigil", "dotnet", VigilProcess.VigilDll(), "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => File.Exists(fds), "the script should run under the VRRP capabilities alone", vigil);

        string[] open = File.ReadAllLines(fds);
        output.WriteLine("script's descriptors: " + string.Join(' ', open));
        Assert.DoesNotContain("9", open);
        Assert.DoesNotContain("was not run", vigil.StandardError, StringComparison.Ordinal);
    }

    /// <summary>script_user nobody without CAP_SETUID/CAP_SETGID/CAP_KILL: vigil run refuses to start, naming them.</summary>
    [SkippableFact]
    public void VigilRun_ScriptUserWithoutTheCapabilitiesToSwitch_RefusesNamingThem()
    {
        NetnsLab.SkipUnlessAvailable();
        Skip.If(HostCommand.Run("id", "nobody").ExitCode != 0, "needs the user nobody");
        using NetnsLab lab = NetnsLab.Create("trnc");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string check = WriteScript("ok.sh", "exit 0");
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"vrrp_script chk {{\n    script \"{check}\"\n    interval 0.2\n    weight 10\n}}\n",
            instance: "    track_script {\n        chk\n    }\n", global: "    script_user nobody\n");

        using VigilProcess vigil = VigilProcess.StartProgram(a, "setpriv", "--bounding-set=-all,+net_raw,+net_admin,+sys_nice", "--",
            "dotnet", VigilProcess.VigilDll(), "run", "-f", conf);

        Assert.Equal(1, vigil.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("script_user nobody needs CAP_SETUID and CAP_SETGID and CAP_KILL", vigil.StandardError, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void VigilRun_TrackedInterfaceGoesDown_UnweightedFaultThenRecovery()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trif");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string uplink = lab.Prefix + "up";
        a.Ip("link", "add", uplink, "type", "veth", "peer", "name", lab.Prefix + "upp"); // both ends in a's namespace
        a.Ip("link", "set", lab.Prefix + "upp", "up");
        a.Ip("link", "set", uplink, "up");
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            instance: $"    track_interface {{\n        {uplink}\n    }}\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a), "alone, the node should become master", vigil);

        var clock = Stopwatch.StartNew();
        a.Ip("link", "set", uplink, "down");
        AssertWithin(s_limit, () => !HasVip(a), "the tracked interface went down: FAULT releases the VIP", vigil);
        output.WriteLine($"tracked link down → VIP released: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains($"interface {uplink} is Down", vigil.StandardError, StringComparison.Ordinal);

        a.Ip("link", "set", uplink, "up");
        AssertWithin(s_limit, () => HasVip(a), "link up again: back to master", vigil);
    }

    [SkippableFact]
    public void VigilRun_TrackFileValueChanges_PriorityFollowsValueTimesWeight()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trfil");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string file = Path.Combine(_directory, "maintenance");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"track_file maintenance {{\n    file \"{file}\"\n    weight -20\n    init_file 0\n}}\n",
            instance: "    track_file {\n        maintenance\n    }\n");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1");

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);
        Assert.Equal("0", File.ReadAllText(file).Trim()); // init_file created it

        var clock = Stopwatch.StartNew();
        File.WriteAllText(file, "1\n");
        AssertWithin(s_limit, () => HasVip(b) && !HasVip(a), "1 × −20: priority 80 < 90, the backup should take the VIP", master, backup);
        output.WriteLine($"track_file 0 → 1 → VIP on backup: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("file maintenance reads 1: priority 100 -> 80", master.StandardError, StringComparison.Ordinal);

        File.WriteAllText(file, "0\n");
        AssertWithin(s_limit, () => HasVip(a) && !HasVip(b), "0 again: the master preempts back", master, backup);
    }

    [SkippableFact]
    public void VigilRun_NotifyScriptsAndFifo_RunInOrderAfterTheirAddressChange()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trnot");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string log = Path.Combine(_directory, "notify.log");
        string fifoLog = Path.Combine(_directory, "fifo.log");
        string fifo = Path.Combine(_directory, "notify.fifo");
        // Each script records its arguments and whether the VIP is on the interface when it runs.
        string notify = WriteScript("notify.sh",
            $"if ip -o addr show | grep -q ' {Vip}/'; then vip=vip-present; else vip=vip-absent; fi\necho \"$* $vip\" >> {log}");
        string reader = FifoReader(fifoLog);
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: "",
            instance: $"    notify_backup \"{notify} backup\"\n    notify_master \"{notify} master\"\n    notify_stop \"{notify} stop\"\n    notify \"{notify} generic\"\n",
            global: $"    notify_fifo {fifo}\n    notify_fifo_script {reader}\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => Lines(log).Length >= 4, "BACKUP then MASTER notifications", vigil);
        AssertWithin(s_limit, () => Lines(fifoLog).Length >= 2, "the FIFO reader should see two lines", vigil);
        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));

        string[] expected =
        [
            "backup vip-absent",
            "generic INSTANCE VI_1 BACKUP 100 vip-absent",
            "master vip-present",
            "generic INSTANCE VI_1 MASTER 100 vip-present",
            "stop vip-absent",
            "generic INSTANCE VI_1 STOP 100 vip-absent",
        ];
        Assert.Equal(expected, Lines(log));
        // The STOP line written at shutdown reaches the reader before the reader is stopped.
        Assert.Equal(["INSTANCE \"VI_1\" BACKUP 100", "INSTANCE \"VI_1\" MASTER 100", "INSTANCE \"VI_1\" STOP 100"], Lines(fifoLog));
        output.WriteLine(string.Join('\n', Lines(log)));
    }

    [SkippableFact]
    public void VigilRun_NotifyPriorityChanges_FifoGetsMasterPriorityLinesAndNotifyScriptDoesNot()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trnpc");
        (LabNode a, _) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string file = Path.Combine(_directory, "weight");
        string log = Path.Combine(_directory, "notify.log");
        string fifoLog = Path.Combine(_directory, "fifo.log");
        string notify = WriteScript("notify.sh", $"echo \"$*\" >> {log}");
        string reader = FifoReader(fifoLog);
        string conf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"track_file weight {{\n    file \"{file}\"\n    weight -20\n    init_file 0\n}}\n",
            instance: $"    track_file {{\n        weight\n    }}\n    notify \"{notify}\"\n",
            global: $"    vrrp_notify_priority_changes\n    vrrp_notify_fifo {Path.Combine(_directory, "notify.fifo")}\n    vrrp_notify_fifo_script {reader}\n");

        using VigilProcess vigil = VigilProcess.Start(a, "run", "-f", conf);
        AssertWithin(TimeSpan.FromSeconds(20), () => Lines(fifoLog).Contains("INSTANCE \"VI_1\" MASTER 100"), "alone, the node should become master", vigil);
        File.WriteAllText(file, "1\n");
        AssertWithin(s_limit, () => Lines(fifoLog).Length >= 3, "1 × −20: a MASTER_PRIORITY line", vigil);
        File.WriteAllText(file, "0\n");
        AssertWithin(s_limit, () => Lines(fifoLog).Length >= 4, "0: back to 100", vigil);
        vigil.Terminate();
        Assert.Equal(0, vigil.WaitForExit(TimeSpan.FromSeconds(20)));

        string[] expected =
        [
            "INSTANCE \"VI_1\" BACKUP 100",
            "INSTANCE \"VI_1\" MASTER 100",
            "INSTANCE \"VI_1\" MASTER_PRIORITY 80",
            "INSTANCE \"VI_1\" MASTER_PRIORITY 100",
            "INSTANCE \"VI_1\" STOP 100",
        ];
        Assert.Equal(expected, Lines(fifoLog));
        // keepalived 2.2.7 writes priority changes to the FIFOs only: the generic notify hears state changes.
        Assert.Equal(["INSTANCE VI_1 BACKUP 100", "INSTANCE VI_1 MASTER 100", "INSTANCE VI_1 STOP 100"], Lines(log));
    }

    [SkippableFact]
    public void Sighup_ReloadAddsTrackFile_ItsWeightAppliesAndItKeepsBeingWatched()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trrld");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        string file = Path.Combine(_directory, "maintenance");
        File.WriteAllText(file, "1\n");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1");
        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);

        // The reload names a track_file no instance used before: it is read at once (1 × −20 = 80 < 90).
        WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: $"track_file maintenance {{\n    file \"{file}\"\n    weight -20\n}}\n",
            instance: "    track_file {\n        maintenance\n    }\n");
        var clock = Stopwatch.StartNew();
        master.Hangup();
        AssertWithin(s_limit, () => HasVip(b) && !HasVip(a), "after the reload the file's weight applies: 80 < 90, the backup takes the VIP", master, backup);
        output.WriteLine($"SIGHUP adding a track_file (reads 1, weight −20) → VIP on backup: {clock.Elapsed.TotalMilliseconds:F0} ms");

        // And it is watched from then on.
        File.WriteAllText(file, "0\n");
        AssertWithin(s_limit, () => HasVip(a) && !HasVip(b), "the file reads 0: back to 100, the master preempts", master, backup);
    }

    [SkippableFact]
    public void VigilRun_TrackedProcessKilled_PriorityDropsAtOnceAndVipMoves()
    {
        NetnsLab.SkipUnlessAvailable();
        using NetnsLab lab = NetnsLab.Create("trpro");
        (LabNode a, LabNode b) = VrrpSocketNetnsTests.TwoNodes(lab, "192.0.2.1/24", "192.0.2.2/24");
        // A private copy of sleep, so its comm is unique on this machine (other tests run sleeps too).
        string program = Path.Combine(_directory, "vgtrpro-sleep");
        File.Copy("/bin/sleep", program);
        File.SetUnixFileMode(program, (UnixFileMode)0x1ED);
        using Process sleeper = Process.Start(program, "60");
        string masterConf = WriteConfig("a.conf", a, "MASTER", 100, "192.0.2.1", "192.0.2.2",
            blocks: "vrrp_track_process sleeper {\n    process vgtrpro-sleep\n    weight -20\n}\n",
            instance: "    track_process {\n        sleeper\n    }\n");
        string backupConf = WriteConfig("b.conf", b, "BACKUP", 90, "192.0.2.2", "192.0.2.1");

        using VigilProcess master = VigilProcess.Start(a, "run", "-f", masterConf);
        using VigilProcess backup = VigilProcess.Start(b, "run", "-f", backupConf);
        try
        {
            AssertWithin(TimeSpan.FromSeconds(20), () => HasVip(a) && !HasVip(b), "the MASTER should hold the VIP alone", master, backup);
            Assert.Contains("1 'vgtrpro-sleep' process(es) at start: up", master.StandardError, StringComparison.Ordinal);
            // Where the kernel offers no proc connector (a container's user namespace) the daemon polls /proc and says so.
            output.WriteLine(master.StandardError.Split('\n').FirstOrDefault(l => l.Contains("proc connector", StringComparison.Ordinal)) ?? "proc connector in use");

            var clock = Stopwatch.StartNew();
            DateTime killed = DateTime.UtcNow;
            sleeper.Kill();
            const string Dropped = "process sleeper is Down: priority 100 -> 80";
            AssertWithin(s_limit, () => master.StandardError.Contains(Dropped, StringComparison.Ordinal), "the exit should lower the priority", master);
            // Seen through the process's pidfd, even where the proc connector is refused (in a network namespace).
            Assert.Contains($"tracked process {sleeper.Id} exited (seen through its pidfd)", master.StandardError, StringComparison.Ordinal);
            TimeSpan seen = LoggedAt(master.StandardError, Dropped) - killed;
            AssertWithin(s_limit, () => HasVip(b) && !HasVip(a), "80 < 90: the backup should take the VIP", master, backup);
            output.WriteLine($"kill → priority drop (daemon's log timestamp): {seen.TotalMilliseconds:F0} ms; → VIP on backup: {clock.Elapsed.TotalMilliseconds:F0} ms");

            using Process again = Process.Start(program, "60");
            try
            {
                AssertWithin(s_limit, () => HasVip(a) && !HasVip(b), "the process is back: the master preempts", master, backup);
            }
            finally
            {
                again.Kill();
            }
        }
        finally
        {
            if (!sleeper.HasExited)
            {
                sleeper.Kill();
            }
        }
    }

    /// <summary>The timestamp the daemon's console log put on the first line containing <paramref name="text"/> ("2026-11-26T00:08:38.611Z warn: …").</summary>
    private static DateTime LoggedAt(string log, string text)
    {
        string line = log.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal));
        return DateTime.Parse(line.TrimStart().Split(' ', 2)[0], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    private static string[] Lines(string path) => ScriptDirectory.Lines(path);

    /// <summary>The capabilities the daemon itself holds (capsh --decode of its CapEff), to show the script lost them.</summary>
    private static string VigilCapabilities(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        ulong bits = ulong.Parse(line.Split('\t', 2)[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (bits & (1UL << 13)) != 0 ? "CAP_NET_RAW" : "none";
    }

    private static string CreateDirectory() => ScriptDirectory.Create("vigil-track-");

    /// <summary>A notify_fifo_script that appends each line to <paramref name="fifoLog"/> and ends at end of file.</summary>
    private string FifoReader(string fifoLog) =>
        WriteScript("fifo-reader.sh", $"while read -r line; do echo \"$line\" >> {fifoLog}; done < \"$1\"");

    private string WriteScript(string name, string body) => ScriptDirectory.WriteScript(_directory, name, body);

    /// <summary>A preempting VRRPv3 unicast instance with advert_int 0.1 plus <paramref name="blocks"/> (top level) and <paramref name="instance"/> (inside the instance).</summary>
    internal string WriteConfig(string name, LabNode node, string state, int priority, string self, string peer, string blocks = "", string instance = "", string global = "")
    {
        string text = $$"""
            global_defs {
                router_id {{node.Namespace}}

            """ + global + """
            }

            """ + blocks + $$"""
            vrrp_instance VI_1 {
                state {{state}}
                interface {{node.Interface}}
                virtual_router_id 51
                version 3
                unicast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                priority {{priority}}
                advert_int 0.1
                virtual_ipaddress {
                    {{Vip}}/24 dev {{node.Interface}}
                }

            """ + instance + """
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0x1A4); // 0644
        return path;
    }
}
