using System.CommandLine;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests;

/// <summary>
/// <c>vigil</c> with keepalived 2.2.7's command line and no subcommand: a keepalived unit's
/// <c>keepalived --dont-fork $DAEMON_ARGS</c> works with vigil substituted.
/// </summary>
public sealed partial class KeepalivedCommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-kcl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Command RunCommandTree() => Commands.All().Single(c => c.Name == "run");

    private static KeepalivedCommandLine.Outcome Parse(params string[] args) => KeepalivedCommandLine.Parse(args, RunCommandTree());

    private static string[] RunArguments(params string[] args) =>
        Assert.IsType<KeepalivedCommandLine.Run>(Parse(args)).RunArguments;

    [Fact]
    public void DebianUnitLine_BecomesVigilRun()
    {
        Assert.Equal(["--log-detail", "--use-file", "/etc/keepalived/k.conf"], RunArguments("--dont-fork", "-D", "-P", "-f", "/etc/keepalived/k.conf"));
    }

    [Fact]
    public void GetoptSpellings_BundledAttachedAndEquals_AllParse()
    {
        Assert.Equal(["--log-detail", "--use-file", "a.conf"], RunArguments("-nDPfa.conf"));
        Assert.Equal(["--use-file", "a.conf", "--config-id", "lb1"], RunArguments("--use-file=a.conf", "-i", "lb1"));
        Assert.Equal(["--pid", "/run/k.pid", "--log-facility", "local3"], RunArguments("--pid", "/run/k.pid", "-S", "local3"));
        Assert.Equal(["--log-file", "/tmp/keepalived.log", "--log-file", "/tmp/x.log"], RunArguments("-g", "--log-file=/tmp/x.log"));
    }

    [Fact]
    public void VigilRunOptions_PassThrough()
    {
        Assert.Equal(["--use-file", "a.conf", "--metrics-listen", "9650", "--runtime-dir", "/run/x"], RunArguments("-f", "a.conf", "--metrics-listen", "9650", "--runtime-dir=/run/x"));
    }

    [Fact]
    public void Check_IsRefusedAsLvsNotSupported()
    {
        var (exit, _, error) = CheckCommandTests.Vigil("--dont-fork", "-C");

        Assert.Equal(1, exit);
        Assert.Contains("a separate LVS checker process is not supported", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-x", "SNMP")]
    [InlineData("--snmp", "SNMP")]
    [InlineData("-X", "release-vips")]
    [InlineData("-V", "dont-release-vrrp")]
    [InlineData("-d", "vigil check --dump")]
    [InlineData("--namespace=ns1", "ip netns exec")]
    [InlineData("-Z", "invalid option")]
    [InlineData("--frobnicate", "unrecognized option")]
    public void UnsupportedOptions_AreRefusedWithTheReason(string option, string expected)
    {
        var (exit, output, error) = CheckCommandTests.Vigil("-n", option);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STOP", "15")]
    [InlineData("RELOAD", "1")]
    [InlineData("DATA", "10")]
    [InlineData("STATS", "12")]
    [InlineData("JSON", "36")]
    public void Signum_PrintsKeepalivedsNumber(string name, string number)
    {
        var (exit, output, _) = CheckCommandTests.Vigil("--signum=" + name);

        Assert.Equal(0, exit);
        Assert.Equal(number, output.Trim());
        Assert.Equal(number, CheckCommandTests.Vigil("--signum", name).Out.Trim());
    }

    [Fact]
    public void Signum_UnknownOrUnhandled_ExitsOne()
    {
        Assert.Equal(1, CheckCommandTests.Vigil("--signum=TDATA").Exit);
        var (exit, output, error) = CheckCommandTests.Vigil("--signum=STATS_CLEAR");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_ShortAndLong_PrintVigilsVersion()
    {
        Assert.StartsWith("vigil ", CheckCommandTests.Vigil("-v").Out, StringComparison.Ordinal);
        Assert.StartsWith("vigil ", CheckCommandTests.Vigil("--version").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithoutSubcommand_RunsLikeVigilRun()
    {
        string path = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(path, "vrrp_instance VI_1 {\n    interface lo\n    virtual_router_id 300\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n");

        var (exit, _, error) = CheckCommandTests.Vigil("--dont-fork", "-f", path);

        Assert.Equal(1, exit);
        Assert.Contains(path + ":3:", error, StringComparison.Ordinal);
        Assert.Contains("vigil run: refusing to start", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigTest_StillGoesToTheCheck()
    {
        string path = Path.Combine(_directory, "keepalived.conf");
        File.WriteAllText(path, "vrrp_instance VI_1 {\n    interface lo\n    virtual_router_id 300\n    virtual_ipaddress {\n        192.0.2.100/24\n    }\n}\n");

        Assert.Equal(ConfigTestOption.CannotRun, CheckCommandTests.Vigil("-f", path, "-t").Exit);
    }

    [Fact]
    public void ConfigTest_MoreVipsThanAnAdvertCarries_ExitFiveNamingTheInstanceAndTheFirstMovedAddress()
    {
        string path = Path.Combine(_directory, "keepalived.conf");
        string vips = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"        192.0.{2 + (i / 200)}.{(i % 200) + 10}/24"));
        File.WriteAllText(path, $"vrrp_instance VI_1 {{\n    interface lo\n    virtual_router_id 51\n    version 3\n    virtual_ipaddress {{\n{vips}\n    }}\n}}\n");

        var (exit, output, error) = CheckCommandTests.Vigil("-f", path, "-t");

        Assert.Equal(ConfigTestOption.RunsModified, exit);
        string text = output + error;
        Assert.Contains("vrrp_instance VI_1 has 300 virtual_ipaddress entries", text, StringComparison.Ordinal);
        Assert.Contains("192.0.3.65 and the 44 after it", text, StringComparison.Ordinal); // entry 256 (index 255)
    }

    [Theory]
    [InlineData("--log-facility", "local9", "--log-facility local9")]
    [InlineData("--umask", "888", "--umask 888")]
    public void BadLogFacilityOrUmask_ExitOne(string option, string value, string expected)
    {
        var (exit, _, error) = CheckCommandTests.Vigil("run", "-f", Path.Combine(_directory, "absent.conf"), option, value);

        Assert.Equal(1, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>Every option keepalived 2.2.7 lists in --help is applied, accepted or refused, never "unrecognized".</summary>
    [Fact]
    public void EveryKeepalivedOption_IsHandledOrRefusedWithAReason()
    {
        using var keepalived = Process.Start(new ProcessStartInfo("keepalived", "--help") { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string help = keepalived.StandardOutput.ReadToEnd() + keepalived.StandardError.ReadToEnd();
        keepalived.WaitForExit();
        string[] longOptions = [.. LongOption().Matches(help).Select(m => m.Groups[1].Value).Distinct()];
        Assert.True(longOptions.Length >= 30, help);

        foreach (string option in longOptions)
        {
            KeepalivedCommandLine.Outcome outcome = Parse("--" + option + "=x");
            if (outcome is KeepalivedCommandLine.Print { Text: string text } && text.Contains("doesn't allow an argument", StringComparison.Ordinal))
                outcome = Parse("--" + option);
            if (outcome is KeepalivedCommandLine.Print print && print.Exit != 0)
                Assert.Matches("not supported|Unknown sigfunc", print.Text);
        }
    }

    [Theory]
    [InlineData("daemon", 3)]
    [InlineData("user", 1)]
    [InlineData("0", 16)]
    [InlineData("7", 23)]
    [InlineData("local5", 21)]
    [InlineData("local8", null)]
    [InlineData("kern", null)]
    public void SyslogFacility_TakesKeepalivedsValues(string text, int? code) => Assert.Equal(code, SyslogFacility.Parse(text));

    [Fact]
    public void SyslogSink_SendsPriorityFacilityAndPid()
    {
        string path = Path.Combine(_directory, "log.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        using (var provider = new LineLoggerProvider(new SyslogSink(19, path)))
        {
            provider.CreateLogger("Vigil.Test").LogWarning("instance {Name} went FAULT", "VI_1");
        }

        byte[] buffer = new byte[512];
        int length = listener.Receive(buffer);
        Assert.Equal($"<156>vigil[{Environment.ProcessId}]: Vigil.Test: instance VI_1 went FAULT", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void FileSink_AppendsOneLinePerMessage()
    {
        string path = Path.Combine(_directory, "vigil.log");
        using (var provider = new LineLoggerProvider(new FileSink(path)))
        {
            provider.CreateLogger("Vigil.Test").LogInformation("one");
            provider.CreateLogger("Vigil.Test").LogError("two\nlines");
        }

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("info Vigil.Test: one", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("fail Vigil.Test: two | lines", lines[1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"--([a-z_-]+)")]
    private static partial Regex LongOption();
}
