using Vigil.Config.Diagnostics;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Issue 11 #25: an error that only follows from another (a block's "has no X" when its X line was rejected, an
/// undefined reference to a block an unclosed brace swallowed) names its cause and is listed after it.
/// </summary>
public sealed class ConsequenceTests
{
    [Fact]
    public void RejectedVirtualRouterId_HasNoVirtualRouterIdFollowsFromIt()
    {
        var result = Conf.Bind("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id abc\nvirtual_ipaddress {\n192.0.2.1\n}\n}\n");

        Diagnostic invalid = result.Single("invalid-number");
        Diagnostic missing = result.Single("missing-keyword");
        Assert.Equal(invalid.Location, missing.CausedBy);
        Assert.Equal([invalid, missing], DiagnosticOrder.ForReading(result.Errors()).ToArray());
        Assert.EndsWith($"(follows from the error at {invalid.Location})", missing.ToString().Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidOnlyAddress_NoVipWarningFollowsFromIt()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.300");

        Assert.Equal(result.Single("invalid-address").Location, result.Single("no-vip").CausedBy);
    }

    [Fact]
    public void ScriptBlockSwallowedByUnclosedInstance_UndefinedReferenceFollowsFromTheUnclosedBrace()
    {
        var result = Conf.Bind("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\ntrack_script {\nchk\n}\nvirtual_ipaddress {\n192.0.2.1\n}\n}\n"
            + "vrrp_instance VI_2 {\ninterface eth0\nvirtual_router_id 52\nvirtual_ipaddress {\n192.0.2.2\n}\n"
            + "vrrp_script chk {\nscript /bin/true\n}\n");

        Diagnostic unclosed = result.Single("unclosed-block");
        Diagnostic reference = result.Single("undefined-reference");
        Assert.Equal(unclosed.Location, reference.CausedBy);
        Assert.True(reference.Location.Line < unclosed.Location.Line);
        Assert.Equal(unclosed, DiagnosticOrder.ForReading(result.Errors()).First());
    }

    [Fact]
    public void PlainTypoInAReference_IsItsOwnCause() =>
        Assert.Null(Conf.BindInstance("track_script {\nchk\n}").Single("undefined-reference").CausedBy);

    [Fact]
    public void MissingInterfaceAfterATypo_FollowsFromTheUnknownKeyword()
    {
        var result = Conf.Bind("vrrp_instance VI_1 {\ninterfac eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.1\n}\n}\n");

        Assert.Equal(result.Single("unknown-keyword").Location, result.Single("missing-keyword").CausedBy);
    }
}
