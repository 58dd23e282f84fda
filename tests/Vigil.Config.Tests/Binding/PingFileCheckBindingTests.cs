using System.Net;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>PING_CHECK and FILE_CHECK binding (check_ping.c, check_file.c), and BFD_CHECK's refusal.</summary>
public sealed class PingFileCheckBindingTests
{
    private static ConfigBindResult Bind(string block, string top = "", string server = "virtual_server 192.0.2.1 80", string real = "real_server 192.0.2.2 80") =>
        Conf.Bind($"{top}{server} {{\n{real} {{\n{block}\n}}\n}}\n");

    [Fact]
    public void Bind_PingCheck_CommonKeywordsAndNoPortNeeded()
    {
        PingCheck check = Assert.IsType<PingCheck>(Conf.Model("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\nPING_CHECK {\nconnect_ip 192.0.2.9\nconnect_timeout 2\nretry 4\ndelay_before_retry 0.5\ndelay_loop 3\n}\n}\n}\n")
            .VirtualServers[0].RealServers[0].Checks[0]);

        Assert.Equal((IPAddress.Parse("192.0.2.9"), TimeSpan.FromSeconds(2), 4, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(3)),
            (check.ConnectIp, check.Timing.ConnectTimeout, check.Timing.Retry, check.Timing.DelayBeforeRetry, check.Timing.DelayLoop));
        // a real server of a fwmark service has no port: PING_CHECK needs none (TCP_CHECK does)
        Assert.False(Bind("PING_CHECK {\n}", server: "virtual_server fwmark 3", real: "real_server 192.0.2.2").HasErrors);
        Assert.True(Bind("TCP_CHECK {\n}", server: "virtual_server fwmark 3", real: "real_server 192.0.2.2").HasErrors);
    }

    [Theory]
    [InlineData("PING_CHECK {\nconnect_timeout 0\n}", 4, 17)]
    [InlineData("PING_CHECK {\nretry -1\n}", 4, 7)]
    [InlineData("PING_CHECK {\nconnect_ip 192.0.2\n}", 4, 12)]
    public void Bind_BadPingCheckValue_IsAnErrorAtItsLineAndColumn(string block, int line, int column)
    {
        Diagnostic error = Assert.Single(Bind(block).Errors());

        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Bind_BfdCheck_IsRefusedSayingVigilHasNoBfd()
    {
        Diagnostic error = Assert.Single(Bind("BFD_CHECK {\nname bfd1\n}").Errors());

        Assert.Equal("lvs-unsupported", error.Code);
        Assert.Contains("Vigil has no BFD", error.Message, StringComparison.Ordinal);
    }

    private const string TrackFile = "track_file tf {\nfile /run/vigil-test/tf\nweight 3 reverse\n}\n";

    [Fact]
    public void Bind_FileCheck_ResolvesItsTrackFile_WeightAndReverseOwnOrTheTrackFiles()
    {
        FileCheck inherited = Assert.IsType<FileCheck>(Conf.Model($"{TrackFile}virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\nFILE_CHECK {{\ntrack_file tf\n}}\n}}\n}}\n")
            .VirtualServers[0].RealServers[0].Checks[0]);
        FileCheck own = Assert.IsType<FileCheck>(Conf.Model($"{TrackFile}virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\nFILE_CHECK {{\ntrack_file tf\nweight -5\n}}\n}}\n}}\n")
            .VirtualServers[0].RealServers[0].Checks[0]);

        Assert.Equal(("/run/vigil-test/tf", 3, true), (inherited.File?.Path, inherited.EffectiveWeight, inherited.EffectiveReverse));
        Assert.Equal((-5, false), (own.EffectiveWeight, own.EffectiveReverse)); // keepalived: the checker's weight line sets both
        Assert.False(inherited.Connects);
    }

    [Theory]
    [InlineData("", "FILE_CHECK {\ntrack_file tf\n}", "undefined-reference", 3, 1)]
    [InlineData(TrackFile, "FILE_CHECK {\n}", "missing-keyword", 7, 1)]
    [InlineData(TrackFile, "FILE_CHECK {\ntrack_file tf\nweight 2 sideways\n}", "invalid-value", 9, 10)]
    [InlineData(TrackFile, "FILE_CHECK {\ntrack_file tf\nweight 2147483648\n}", "out-of-range", 9, 8)]
    public void Bind_BadFileCheck_IsAnErrorAtItsLineAndColumn(string top, string block, string code, int line, int column)
    {
        Diagnostic error = Assert.Single(Bind(block, top).Errors());

        Assert.Equal((code, line, column), (error.Code, error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Bind_FileCheckTrackFileDeclaredBelow_IsAnError()
    {
        Diagnostic error = Assert.Single(Conf.Bind($"virtual_server 192.0.2.1 80 {{\nreal_server 192.0.2.2 80 {{\nFILE_CHECK {{\ntrack_file tf\n}}\n}}\n}}\n{TrackFile}").Errors());

        Assert.Contains("declared below this FILE_CHECK", error.Message, StringComparison.Ordinal);
    }
}
