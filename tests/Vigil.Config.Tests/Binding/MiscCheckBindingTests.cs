using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>MISC_CHECK binding (check_misc.c).</summary>
public sealed class MiscCheckBindingTests
{
    [Fact]
    public void Bind_MiscCheck_PathUserTimeoutDynamicAndRetryZero()
    {
        VirtualServer server = Conf.Model("virtual_server 192.0.2.1 80 {\ndelay_loop 7\nreal_server 192.0.2.2 80 {\nMISC_CHECK {\nmisc_path \"/usr/local/bin/check 192.0.2.2\"\nmisc_timeout 3\nmisc_dynamic\nuser nobody nogroup\n}\nMISC_CHECK {\nmisc_path /bin/true\n}\n}\n}\n").VirtualServers[0];

        MiscCheck check = Assert.IsType<MiscCheck>(server.RealServers[0].Checks[0]);
        Assert.Equal(("/usr/local/bin/check 192.0.2.2", new ScriptUser("nobody", "nogroup")), (check.Script.Command, check.Script.User));
        Assert.Equal((TimeSpan.FromSeconds(3), true, 0), (check.Timeout, check.Dynamic, check.Timing.Retry));
        MiscCheck plain = Assert.IsType<MiscCheck>(server.RealServers[0].Checks[1]);
        Assert.Equal((TimeSpan.FromSeconds(7), false, (ScriptUser?)null), (plain.Timeout, plain.Dynamic, plain.Script.User));
    }

    [Fact]
    public void Bind_MiscCheckWithoutPath_IsAnError()
    {
        var result = Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\nMISC_CHECK {\nmisc_timeout 3\n}\n}\n}\n");

        Assert.Equal("missing-keyword", Assert.Single(result.Errors()).Code);
    }

    [Fact]
    public void Bind_MiscCheckConnectionKeyword_IsNotOneOfItsKeywords()
    {
        var result = Conf.Bind("virtual_server 192.0.2.1 80 {\nreal_server 192.0.2.2 80 {\nMISC_CHECK {\nmisc_path /bin/true\nconnect_port 80\n}\n}\n}\n");

        Assert.Equal("misplaced-keyword", Assert.Single(result.Errors()).Code);
    }
}
