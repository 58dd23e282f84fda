using Vigil.Lab.Seed;

namespace Vigil.Cli.Tests.Lab;

/// <summary>The lab's adaptation of examples/seed (paths, fast timing, nopreempt) stays a pair that `vigil check` accepts.</summary>
public sealed class SeedFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-lab-seed-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(LabTiming.Seed, false)]
    [InlineData(LabTiming.Seed, true)]
    [InlineData(LabTiming.Fast, false)]
    [InlineData(LabTiming.Fast, true)]
    public void VrrpConfig_AnyTimingAndPreemption_PairChecksWithoutErrors(LabTiming timing, bool nopreempt)
    {
        string master = Write("master.conf", SeedFiles.VrrpConfig("master.conf", "/run/vgx/lb1", timing, nopreempt));
        string backup = Write("backup.conf", SeedFiles.VrrpConfig("backup.conf", "/run/vgx/lb2", timing, nopreempt));

        var (exit, output, _) = CheckCommandTests.Vigil("check", master, backup);

        Assert.True(exit == 0, output);
        Assert.Contains("cluster: 0 errors", output, StringComparison.Ordinal);
    }

    [Fact]
    public void VrrpConfig_LabMachine_ScriptsRunFromTheMachinesDirectoryWithItsNginxFiles()
    {
        string text = SeedFiles.VrrpConfig("master.conf", "/run/vgx/lb1", LabTiming.Seed, nopreempt: false);

        Assert.Contains("script \"/run/vgx/lb1/nginx_check.sh /run/vgx/lb1/nginx.conf /run/vgx/lb1/nginx.pid\"", text, StringComparison.Ordinal);
        Assert.Contains("notify \"/run/vgx/lb1/notify.sh /run/vgx/lb1/notify.log\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/keepalived", text, StringComparison.Ordinal);
    }

    [Fact]
    public void VrrpConfig_Fast_IsVrrpV3WithoutAuthentication()
    {
        string text = SeedFiles.VrrpConfig("backup.conf", "/run/vgx/lb2", LabTiming.Fast, nopreempt: false);

        Assert.Contains("advert_int 0.1\n    version 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("auth_pass", text, StringComparison.Ordinal);
    }

    [Fact]
    public void VrrpConfig_Nopreempt_BothNodesStartAsBackupAndTheCheckHasNoWeight()
    {
        string master = SeedFiles.VrrpConfig("master.conf", "/run/vgx/lb1", LabTiming.Seed, nopreempt: true);

        Assert.Contains("state BACKUP\n    nopreempt\n", master, StringComparison.Ordinal);
        Assert.DoesNotContain("state MASTER", master, StringComparison.Ordinal);
        Assert.DoesNotContain("weight", master, StringComparison.Ordinal); // a failing check means FAULT: nopreempt never yields to a lower priority

    }

    [Fact]
    public void NginxConf_LabMachine_PidFileAndErrorLogInItsDirectory_BrokenVariantHasAnUnknownDirective()
    {
        string text = SeedFiles.NginxConf("/run/vgx/lb1");

        Assert.Contains("pid /run/vgx/lb1/nginx.pid;", text, StringComparison.Ordinal);
        Assert.Contains("error_log /run/vgx/lb1/nginx-error.log;", text, StringComparison.Ordinal);
        Assert.StartsWith("broken_by_vigil_lab;\n", SeedFiles.BrokenNginxConf("/run/vgx/lb1"), StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
