using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>sorry_server_inhibit / sorry_server_lvs_method, scheduler flags, notify_up/down and quorum_up/down (keepalived.conf(5)).</summary>
public sealed class LvsOpsBindingTests
{
    [Fact]
    public void Bind_SorryServerInhibitAndLvsMethod_SetOnTheSorryServer()
    {
        VirtualServer server = Bind("lb_kind NAT\nsorry_server 192.0.2.99 8080\nsorry_server_inhibit\nsorry_server_lvs_method DR");

        Assert.Equal(new RealServer(IPAddress.Parse("192.0.2.99"), 8080, default) { Method = LvsMethod.DirectRoute, InhibitOnFailure = true }, server.SorryServer);
        Assert.Equal(LvsMethod.Nat, server.RealServers[0].Method);
    }

    [Theory]
    [InlineData("sorry_server_inhibit\nsorry_server 192.0.2.99 80")]
    [InlineData("sorry_server_lvs_method TUN")]
    public void Bind_SorryServerOptionBeforeOrWithoutSorryServer_IsAnError(string lines)
    {
        Diagnostic error = Assert.Single(Conf.Bind(Text(lines)).Errors());

        Assert.Equal("missing-keyword", error.Code);
        Assert.Equal(2, error.Location.Line);
    }

    [Theory]
    [InlineData("lb_algo sh\nsh-port\nsh-fallback", LvsServiceFlags.Scheduler1 | LvsServiceFlags.Scheduler2)]
    [InlineData("lb_algo mh\nmh-fallback", LvsServiceFlags.Scheduler1)]
    [InlineData("mh-port\nlb_algo mh\nmh-port", LvsServiceFlags.Scheduler2)]
    [InlineData("ops\nflag-1\nflag-3", LvsServiceFlags.OnePacket | LvsServiceFlags.Scheduler1 | LvsServiceFlags.Scheduler3)]
    public void Bind_SchedulerFlags_OrTogether(string lines, LvsServiceFlags flags)
    {
        var result = Conf.Bind(Text(lines));
        VirtualServer server = Assert.Single(result.Config.VirtualServers);

        Assert.Equal(flags, server.Flags);
        Assert.Equal(lines.StartsWith("mh-port", StringComparison.Ordinal) ? 1 : 0, result.Errors().Count());
    }

    [Fact]
    public void Bind_ShFlagWithAnotherScheduler_IsAnErrorNamingIt()
    {
        Diagnostic error = Assert.Single(Conf.Bind(Text("lb_algo rr\nsh-port")).Errors());

        Assert.Equal("invalid-value", error.Code);
        Assert.Contains("sh-port", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Location.Line);
    }

    [Fact]
    public void Bind_NotifyAndQuorumScripts_WithTheirUsers()
    {
        VirtualServer server = Assert.Single(Conf.Model("""
            virtual_server 192.0.2.1 80 {
                quorum_up "/usr/local/bin/vs up"
                quorum_down /usr/local/bin/vs-down nobody
                real_server 192.0.2.2 80 {
                    notify_up "/usr/local/bin/rs up"
                    notify_down /usr/local/bin/rs-down
                    TCP_CHECK {
                    }
                }
            }
            """).VirtualServers);

        Assert.Equal("/usr/local/bin/vs up", server.QuorumUpScript?.Command);
        Assert.Equal("nobody", server.QuorumDownScript?.User?.User);
        Assert.Equal("/usr/local/bin/rs up", server.RealServers[0].NotifyUp?.Command);
        Assert.Equal(["/usr/local/bin/vs up", "/usr/local/bin/vs-down", "/usr/local/bin/rs up", "/usr/local/bin/rs-down"], server.NotifyScripts().Select(s => s.Command));
    }

    private static VirtualServer Bind(string lines) => Assert.Single(Conf.Model(Text(lines)).VirtualServers);

    private static string Text(string lines) => $"virtual_server 192.0.2.1 80 {{\n{lines}\nreal_server 192.0.2.2 80 {{\nTCP_CHECK {{\n}}\n}}\n}}\n";
}
