using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// <c>persistence_engine NAME</c> (keepalived 2.2.7 check_parser.c pengine_handler, ipvswrapper.c ipvs_set_srule):
/// the name is kept as written (at most 16 characters), and reaches the kernel only with persistence_timeout.
/// </summary>
public sealed class LvsPersistenceEngineBindingTests
{
    [Fact]
    public void Bind_SipWithPersistenceTimeout_IsAppliedWithoutDiagnostics()
    {
        var result = Conf.Bind(Text("persistence_engine sip\npersistence_timeout 60"));

        Assert.Empty(result.Diagnostics);
        VirtualServer server = Assert.Single(result.Config.VirtualServers);
        Assert.Equal("sip", server.PersistenceEngine);
        Assert.Equal(60, server.PersistenceTimeout);
    }

    [Fact]
    public void Bind_WithoutPersistenceTimeout_WarnsIgnoredSettingAtItsLine()
    {
        var result = Conf.Bind(Text("lb_algo rr\npersistence_engine sip"));

        Assert.False(result.HasErrors);
        Diagnostic warning = result.Single("ignored-setting");
        Assert.Equal((4, 1), (warning.Location.Line, warning.Location.Column));
        Assert.Contains("persistence_timeout", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_PersistenceTimeoutWrittenAfterIt_NoWarning() =>
        Assert.Empty(Conf.Bind(Text("persistence_engine sip\nlb_algo rr\npersistence_timeout")).Diagnostics);

    [Fact]
    public void Bind_NameLongerThanSixteen_ErrorAtTheName()
    {
        Diagnostic error = Assert.Single(Conf.Bind(Text("persistence_timeout 60\n  persistence_engine abcdefghijklmnopq")).Errors());

        Assert.Equal("invalid-value", error.Code);
        Assert.Equal((4, 22), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Bind_SixteenCharacterName_IsKeptWithAWarningThatLinuxShipsOnlySip()
    {
        var result = Conf.Bind(Text("persistence_timeout 60\npersistence_engine abcdefghijklmnop"));

        Assert.False(result.HasErrors);
        Diagnostic warning = result.Single("unknown-persistence-engine");
        Assert.Equal((4, 20), (warning.Location.Line, warning.Location.Column));
        Assert.Equal("abcdefghijklmnop", result.Config.VirtualServers[0].PersistenceEngine);
    }

    [Theory]
    [InlineData("persistence_engine", "missing-argument")]
    [InlineData("persistence_engine sip extra", "extra-argument")]
    public void Bind_BadArguments_Error(string line, string code) =>
        Assert.Equal(code, Assert.Single(Conf.Bind(Text($"persistence_timeout 60\n{line}")).Errors()).Code);

    [Fact]
    public void Bind_VirtualServerGroup_EveryEntryHasTheEngine()
    {
        KeepalivedConfig config = Conf.Model("virtual_server group SIP {\nprotocol UDP\npersistence_timeout 30\npersistence_engine sip\nreal_server 192.0.2.11 5060 {\n}\n}\n"
            + "virtual_server_group SIP {\n203.0.113.10 5060\n203.0.113.20 5060\n}\n");

        Assert.Equal(2, config.VirtualServers.Count);
        Assert.All(config.VirtualServers, s => Assert.Equal("sip", s.PersistenceEngine));
    }

    private static string Text(string lines) => $"virtual_server 203.0.113.10 5060 {{\nprotocol UDP\n{lines}\nreal_server 192.0.2.11 5060 {{\nTCP_CHECK {{\n}}\n}}\n}}\n";
}
