using Vigil.Config.Diagnostics;

namespace Vigil.Config.Tests.Binding;

public sealed class KeywordDiagnosticsTests
{
    [Fact]
    public void Bind_MisspeltKeyword_ErrorWithDidYouMean()
    {
        Diagnostic d = Conf.BindInstance("priorty 100").Single("unknown-keyword");
        Assert.Equal(Severity.Error, d.Severity);
        Assert.Equal("did you mean 'priority'?", d.Hint);
        Assert.Equal(7, d.Location.Line);
        Assert.Equal(1, d.Location.Column);
    }

    [Fact]
    public void Bind_KeywordOfAnotherBlock_NamesThatBlock()
    {
        Diagnostic d = Conf.BindInstance("router_id node1").Single("misplaced-keyword");
        Assert.Contains("global_defs", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_InstanceKeywordAtTopLevel_NamesVrrpInstance()
    {
        Diagnostic d = Conf.Bind("virtual_router_id 5\n").Single("misplaced-keyword");
        Assert.Contains("vrrp_instance", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_KnownButUnimplementedKeyword_WarningNamingIt()
    {
        var result = Conf.BindInstance("use_ipvlan");
        Assert.False(result.HasErrors);
        Assert.Contains("use_ipvlan", result.Single("unsupported-keyword").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_GlobalUnimplemented_Warning()
    {
        var result = Conf.Bind("global_defs {\nnotification_email {\nops@example.org\n}\nsmtp_server 192.0.2.25\n}\n");
        Assert.False(result.HasErrors);
        Assert.Equal(2, result.Warnings().Count(d => d.Code == "unsupported-keyword"));
    }

    [Fact]
    public void Bind_RealServerAtTopLevel_BelongsInVirtualServer()
    {
        Assert.Contains("virtual_server", Conf.Bind("real_server 192.0.2.1 80 {\n}\n").Single("misplaced-keyword").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TotallyUnknownWord_ErrorWithoutSuggestion()
    {
        Diagnostic d = Conf.Bind("zzzzqqqq\n").Single("unknown-keyword");
        Assert.DoesNotContain("did you mean", d.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BlockKeywordWithoutBlock_IsError()
    {
        Conf.BindInstance("track_script chk").Single("expected-block");
    }

    [Fact]
    public void Bind_ExtraWords_IsError()
    {
        Conf.BindInstance("priority 100 200").Single("extra-argument");
    }

    [Fact]
    public void Bind_InvalidStateWord_IsError()
    {
        Assert.Contains("MASTER", Conf.BindInstance("state master").Single("invalid-value").Hint, StringComparison.Ordinal);
    }
}
