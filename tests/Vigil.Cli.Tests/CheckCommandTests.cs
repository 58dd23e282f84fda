using System.Text.Json;

namespace Vigil.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static (int Exit, string Out, string Err) Vigil(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    internal static string Seed(string file) => Path.Combine(RepositoryRoot(), "examples", "seed-original", file);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private const string Good = """
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            priority 100
            virtual_ipaddress {
                192.0.2.1/24
            }
        }
        """;

    [Fact]
    public void Check_SeedPair_ExitsOneAndReportsAuthenticationSplitBrain()
    {
        var (exit, output, _) = Vigil("check", Seed("master.conf"), Seed("backup.conf"));
        Assert.Equal(1, exit);
        Assert.Contains("backup.conf:18:1: error: VRID 51", output, StringComparison.Ordinal);
        Assert.Contains("uses no authentication", output, StringComparison.Ordinal);
        Assert.Contains("split brain", output, StringComparison.Ordinal);
        Assert.EndsWith("Fix the lines marked 'error' above." + Environment.NewLine, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ValidFile_ExitsZero()
    {
        var (exit, output, _) = Vigil("check", Write("good.conf", Good));
        Assert.Equal(0, exit);
        Assert.Contains("OK: Vigil would run this node as written.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Error_PrintsFileLineColumnAndHint()
    {
        string path = Write("bad.conf", Good.Replace("priority 100", "priority 256", StringComparison.Ordinal));
        var (exit, output, _) = Vigil("check", path);
        Assert.Equal(1, exit);
        Assert.Contains($"{path}:5:14: error: 'priority 256' is out of range", output, StringComparison.Ordinal);
        Assert.Contains("    hint: write a priority from 1 to 254", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OneFileSeveralConfigIds_ChecksEachAsANode()
    {
        string path = Write("shared.conf", Good.Replace("priority 100", "@a priority 150\n@b priority 100", StringComparison.Ordinal));
        var (exit, output, _) = Vigil("check", "--config-id", "a", "--config-id", "b", path);
        Assert.Equal(0, exit);
        Assert.Contains($"{path}@a: 0 errors", output, StringComparison.Ordinal);
        Assert.Contains($"{path}@b: 0 errors", output, StringComparison.Ordinal);
        Assert.Contains("cluster: 0 errors, 0 warnings", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Json_ListsDiagnosticsWithCodes()
    {
        var (exit, output, _) = Vigil("check", "--json", Seed("master.conf"), Seed("backup.conf"));
        Assert.Equal(1, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        Assert.False(json.RootElement.GetProperty("wouldRun").GetBoolean());
        JsonElement cluster = json.RootElement.GetProperty("cluster");
        Assert.Contains(cluster.EnumerateArray(), d => d.GetProperty("code").GetString() == "cluster-auth" && d.GetProperty("severity").GetString() == "error");
        Assert.Equal(2, json.RootElement.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public void Check_Dump_PrintsEffectiveModelWithPasswordMasked()
    {
        var (exit, output, _) = Vigil("check", "--dump", Seed("backup.conf"));
        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement instance = json.RootElement.GetProperty("nodes")[0].GetProperty("config").GetProperty("instances")[0];
        Assert.Equal(90, instance.GetProperty("priority").GetInt32());
        Assert.Equal("192.0.0.1", instance.GetProperty("virtualIpAddresses")[0].GetProperty("address").GetString());
        Assert.DoesNotContain("1111", output, StringComparison.Ordinal);
        Assert.Contains("masked", instance.GetProperty("authentication").GetProperty("password").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_KeepalivedSpelling_UsesKeepalivedExitStatus()
    {
        Assert.Equal(4, Vigil("-t", "-f", Write("bad.conf", "vrrp_instance X {\n}\n")).Exit);
        string rounded = Write("rounded.conf", Good.Replace("interface eth0", "interface lo\nadvert_int 1.5", StringComparison.Ordinal));
        Assert.Equal(5, Vigil("-t", "-f", rounded).Exit);
        string scripts = Write("scripts.conf", Good.Replace("interface eth0", "interface lo\nnotify_master /bin/true", StringComparison.Ordinal));
        Assert.Equal(6, Vigil("-t", "-f", scripts).Exit);
        Assert.Equal(0, Vigil("-t", "-f", Write("ok.conf", Good.Replace("interface eth0", "interface lo", StringComparison.Ordinal))).Exit);
    }

    [Fact]
    public void ConfigTest_KeywordVigilRunDoesNotApply_ExitsFiveAndCheckSaysNotAsWritten()
    {
        string path = Write("vrf.conf", Good.Replace("interface eth0", "interface lo\nvrf blue", StringComparison.Ordinal));

        var (exit, _, err) = Vigil("-t", "-f", path);
        var (checkExit, output, _) = Vigil("check", path);

        Assert.Equal(5, exit);
        Assert.Contains("'vrf' is read but not applied by vigil run", err, StringComparison.Ordinal);
        Assert.Equal(0, checkExit);
        Assert.Contains("OK, BUT NOT AS WRITTEN", output, StringComparison.Ordinal);
        Assert.DoesNotContain("as written.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckAndConfigTest_NoInstanceAndNoVirtualServer_RefuseAsNothingToRun()
    {
        string path = Write("empty.conf", "global_defs {\n    router_id lb1\n}\n");

        var (exit, output, _) = Vigil("check", path);

        Assert.Equal(1, exit);
        Assert.Contains("empty.conf:1:1: error: this configuration has no vrrp_instance and no virtual_server, so Vigil would run nothing", output, StringComparison.Ordinal);
        Assert.Equal(4, Vigil("-t", "-f", path).Exit);
    }

    [Fact]
    public void Check_MissingIncludeFile_IsAnErrorAndNotAlsoNothingToRun()
    {
        string path = Write("main.conf", "include /nonexistent/vigil-instances.conf\n");

        var (exit, output, _) = Vigil("check", path);

        Assert.Equal(1, exit);
        Assert.Contains("'/nonexistent/vigil-instances.conf' does not exist", output, StringComparison.Ordinal);
        Assert.DoesNotContain("would run nothing", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOnThisHost_MissingInterfaceAndScript_AreErrors()
    {
        string path = Write("host.conf", "vrrp_script chk {\nscript /nonexistent/vg-check.sh\n}\n"
            + Good.Replace("interface eth0", "interface vgnosuchif0\ntrack_script {\nchk\n}", StringComparison.Ordinal));
        var (exit, output, _) = Vigil("check", "--on-this-host", path);
        Assert.Equal(1, exit);
        Assert.Contains("interface 'vgnosuchif0' of vrrp_instance VI_1 does not exist on this host", output, StringComparison.Ordinal);
        Assert.Contains("'/nonexistent/vg-check.sh' does not exist on this host", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOnThisHost_MissingInterface_ErrorNamesDynamicInterfaces_WhichMakesItAWarning()
    {
        string missing = Good.Replace("interface eth0", "interface vgnosuchif0\ntrack_interface {\nvgnosuchif1\n}", StringComparison.Ordinal);
        var (refused, refusal, _) = Vigil("check", "--on-this-host", Write("static.conf", missing));
        Assert.Equal(1, refused);
        Assert.Contains("set dynamic_interfaces in global_defs", refusal, StringComparison.Ordinal);

        var (exit, output, _) = Vigil("check", "--on-this-host", Write("dynamic.conf", "global_defs {\ndynamic_interfaces\n}\n" + missing));

        Assert.Equal(0, exit);
        Assert.Contains("interface 'vgnosuchif0' of vrrp_instance VI_1 does not exist on this host; with dynamic_interfaces the instance starts in FAULT", output, StringComparison.Ordinal);
        Assert.Contains("tracked interface 'vgnosuchif1' does not exist on this host; with dynamic_interfaces it counts as down", output, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void CheckOnThisHost_WorldWritableScriptDirectory_FlaggedInsecure()
    {
        string script = Write("check.sh", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.OtherWrite);
        string path = Write("insecure.conf", $"global_defs {{\nenable_script_security\nscript_user root\n}}\nvrrp_script chk {{\nscript {script}\n}}\n" + Good.Replace("interface eth0", "interface lo", StringComparison.Ordinal));
        var (exit, output, _) = Vigil("check", "--on-this-host", path);
        Assert.Equal(1, exit);
        Assert.Contains("is writable by everyone; it runs as root", output, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void CheckOnThisHost_GroupWritableInclude_WarnsNamingTheFileAndTheFix()
    {
        string include = Write("instances-gw.conf", Good.Replace("interface eth0", "interface lo", StringComparison.Ordinal));
        File.SetUnixFileMode(include, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead);
        string path = Write("main-gw.conf", $"include {include}\n");

        var (exit, output, _) = Vigil("check", "--on-this-host", path);

        Assert.Equal(0, exit);
        Assert.Contains($"config file {include} is group-writable", output, StringComparison.Ordinal);
        Assert.Contains($"chmod go-w {include}", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"config file {path}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOnThisHost_MiscCheckScriptMissing_IsAnErrorNamingIt()
    {
        string path = Write("misc.conf", "virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.11 80 {\nMISC_CHECK {\nmisc_path \"/nonexistent/vg-misc.sh arg\"\n}\n}\n}\n");

        var (exit, output, _) = Vigil("check", "--on-this-host", path);

        Assert.Equal(1, exit);
        Assert.Contains("'/nonexistent/vg-misc.sh' does not exist on this host", output, StringComparison.Ordinal);
        Assert.Contains("MISC_CHECK misc_path", output, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Vigil.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("Vigil.sln not found above the test binaries");
    }
}
