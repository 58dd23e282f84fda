namespace Vigil.Cli.Tests;

/// <summary>
/// `vigil check --on-this-host` applies keepalived's check_script_secure() to every script it would run,
/// with real files in a temporary directory: per-command users, FIFO scripts, every hop of a symlink chain,
/// gid 0 and setuid-root programs, merged-/usr paths.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ScriptSecurityHostTests : IDisposable
{
    private const UnixFileMode Mode0755 = (UnixFileMode)0x1ED;
    private const UnixFileMode Mode0777 = (UnixFileMode)0x1FF;
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-scriptsec-").FullName;

    public ScriptSecurityHostTests()
    {
        File.SetUnixFileMode(_directory, Mode0755);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private const string Instance = """
        vrrp_instance VI_1 {
            state BACKUP
            interface lo
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                192.0.2.1/24
            }
        """;

    /// <summary>A script (root-owned, 0755) inside a world-writable directory: insecure whoever runs it as root.</summary>
    private string InsecureScript(string name = "x.sh")
    {
        string writable = Path.Combine(_directory, "writable");
        Directory.CreateDirectory(writable);
        File.SetUnixFileMode(writable, Mode0777);
        return Script(Path.Combine(writable, name));
    }

    private static string Script(string path)
    {
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(path, Mode0755);
        return path;
    }

    private (int Exit, string Output) Check(string config)
    {
        string path = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(path, config);
        var (exit, output, _) = CheckCommandTests.Vigil("check", "--on-this-host", path);
        return (exit, output);
    }

    private static void SkipUnlessRoot() => Skip.IfNot(Environment.UserName == "root", "needs root-owned files");

    [SkippableFact]
    public void NotifyScriptWithItsOwnRootUser_IsCheckedEvenWhenScriptUserIsNobody()
    {
        SkipUnlessRoot();
        string script = InsecureScript();
        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user nobody\n}}\n{Instance}    notify_master \"{script}\" root\n}}\n");
        Assert.Equal(1, exit);
        Assert.Contains($"{_directory}/writable is writable by everyone; it runs as root", output, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("notify_fifo", "notify_fifo_script")]
    [InlineData("vrrp_notify_fifo", "vrrp_notify_fifo_script")]
    public void FifoScript_IsChecked(string fifoKeyword, string scriptKeyword)
    {
        SkipUnlessRoot();
        string script = InsecureScript();
        string fifo = Path.Combine(_directory, "notify.fifo");
        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user root\n{fifoKeyword} {fifo}\n{scriptKeyword} {script}\n}}\n{Instance}}}\n");
        Assert.Equal(1, exit);
        Assert.Contains($"{scriptKeyword}: script '{script}' is insecure", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SymlinkChainThroughAWritableDirectory_IsRefusedNamingThatDirectory()
    {
        SkipUnlessRoot();
        string safe = Path.Combine(_directory, "safe");
        Directory.CreateDirectory(safe);
        File.SetUnixFileMode(safe, Mode0755);
        string writable = Path.Combine(_directory, "writable");
        Directory.CreateDirectory(writable);
        File.SetUnixFileMode(writable, Mode0777);
        string target = Script(Path.Combine(safe, "real.sh"));
        string hop = Path.Combine(writable, "hop");
        File.CreateSymbolicLink(hop, target);
        string entry = Path.Combine(safe, "check");
        File.CreateSymbolicLink(entry, hop);

        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user root\n}}\nvrrp_script chk {{\nscript {entry}\n}}\n{Instance}    track_script {{\n        chk\n    }}\n}}\n");

        Assert.Equal(1, exit);
        Assert.Contains($"{writable} is writable by everyone", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ScriptRunAsGroupRoot_IsProtectedLikeRoot()
    {
        SkipUnlessRoot();
        string script = InsecureScript();
        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user nobody root\n}}\nvrrp_script chk {{\nscript {script}\n}}\n{Instance}    track_script {{\n        chk\n    }}\n}}\n");
        Assert.Equal(1, exit);
        Assert.Contains("is writable by everyone; it runs with group root", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void SetuidRootProgramRunAsNobody_IsProtected()
    {
        SkipUnlessRoot();
        string script = InsecureScript();
        File.SetUnixFileMode(script, Mode0755 | UnixFileMode.SetUser);
        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user nobody\n}}\nvrrp_script chk {{\nscript {script}\n}}\n{Instance}    track_script {{\n        chk\n    }}\n}}\n");
        Assert.Equal(1, exit);
        Assert.Contains("is writable by everyone; it is a setuid/setgid-root program", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ScriptRunAsNobodyInAWritableDirectory_IsNotProtected()
    {
        SkipUnlessRoot();
        string script = InsecureScript();
        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user nobody\n}}\nvrrp_script chk {{\nscript {script}\n}}\n{Instance}    track_script {{\n        chk\n    }}\n}}\n");
        Assert.DoesNotContain("insecure", output, StringComparison.Ordinal);
        Assert.NotEqual(1, exit);
    }

    [SkippableFact]
    public void BinTrueThroughASymlinkedBinDirectory_IsAccepted()
    {
        SkipUnlessRoot();
        // A merged-/usr layout of our own: root/bin -> usr/bin, all root-owned 0755.
        string usrBin = Path.Combine(_directory, "usr", "bin");
        Directory.CreateDirectory(usrBin);
        File.SetUnixFileMode(Path.Combine(_directory, "usr"), Mode0755);
        File.SetUnixFileMode(usrBin, Mode0755);
        Script(Path.Combine(usrBin, "true"));
        File.CreateSymbolicLink(Path.Combine(_directory, "bin"), "usr/bin");
        string viaBin = Path.Combine(_directory, "bin", "true");

        var (exit, output) = Check($"global_defs {{\nenable_script_security\nscript_user root\n}}\nvrrp_script chk {{\nscript {viaBin}\n}}\n{Instance}    track_script {{\n        chk\n    }}\n}}\n");

        Assert.DoesNotContain("insecure", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not a directory", output, StringComparison.Ordinal);
        Assert.NotEqual(1, exit);
    }

    [SkippableFact]
    public void Verdict_SafeSymlinkChain_RunsTheResolvedFileNotTheLink()
    {
        SkipUnlessRoot();
        string safe = Path.Combine(_directory, "safe");
        Directory.CreateDirectory(safe);
        File.SetUnixFileMode(safe, Mode0755);
        string target = Script(Path.Combine(safe, "real.sh"));
        string hop = Path.Combine(safe, "hop");
        File.CreateSymbolicLink(hop, "real.sh");
        string entry = Path.Combine(_directory, "check");
        File.CreateSymbolicLink(entry, hop);

        var verdict = Vigil.Daemon.Tracking.ScriptVerdict.Of(entry, 0, 0, new Vigil.Linux.Host.HostInspector());

        Assert.Null(verdict.Insecure);
        Assert.Equal(target, verdict.RunPath);
    }

    [SkippableFact]
    public void Verdict_BinTrueOnThisHost_IsSafeAndRunsItsRealPath()
    {
        Skip.IfNot(new FileInfo("/bin").LinkTarget is not null, "/bin is not a symlink on this host");
        var verdict = Vigil.Daemon.Tracking.ScriptVerdict.Of("/bin/true", 0, 0, new Vigil.Linux.Host.HostInspector());
        Assert.Null(verdict.Insecure);
        Assert.Null(verdict.Missing);
        Assert.Equal("/usr/bin/true", verdict.RunPath);
    }
}
