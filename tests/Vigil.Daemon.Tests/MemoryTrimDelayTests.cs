using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;

namespace Vigil.Daemon.Tests;

/// <summary>When the start-up memory is returned: after the first elections, and with virtual servers again after every checker's first round.</summary>
public sealed class MemoryTrimDelayTests
{
    private const string Instance = "vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nadvert_int 1\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n";

    [Fact]
    public void VrrpOnly_OnceAfterTwoMasterDownIntervals() =>
        Assert.Equal([TimeSpan.FromSeconds(8)], VrrpDaemon.TrimDelays(Bind(Instance)));

    [Fact]
    public void TcpCheckAtDelayLoop1_AgainAfterTwiceWarmupAndConnectTimeout() =>
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], VrrpDaemon.TrimDelays(Bind(Server("delay_loop 1", "connect_timeout 1\nretry 0"))));

    [Fact]
    public void RetriesCount_TheirTimeoutsAndDelays() =>
        Assert.Equal([TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2 * (1 + (3 * 1) + (2 * 0.5)))], VrrpDaemon.TrimDelays(Bind(Instance + Server("delay_loop 1", "connect_timeout 1\nretry 2\ndelay_before_retry 0.5"))));

    [Fact]
    public void KeepalivedDefaults_SecondTrimCappedAtTwoMinutes() =>
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2)], VrrpDaemon.TrimDelays(Bind(Server("", ""))));

    [Fact]
    public void FirstRoundOverBeforeTheElections_OneTrim() =>
        Assert.Equal([TimeSpan.FromSeconds(8)], VrrpDaemon.TrimDelays(Bind(Instance + Server("delay_loop 1\nwarmup 0", "connect_timeout 1\nretry 0"))));

    private static string Server(string timing, string check) =>
        $"virtual_server 203.0.113.10 80 {{\n{timing}\nlb_algo rr\nlb_kind NAT\nprotocol TCP\nreal_server 192.0.2.11 80 {{\nTCP_CHECK {{\n{check}\n}}\n}}\n}}\n";

    private static KeepalivedConfig Bind(string text)
    {
        ConfigDocument document = ConfigLoader.Load("t.conf", new ConfigLoadOptions { FileSystem = new InMemoryConfigFileSystem().Add("t.conf", text) });
        ConfigBindResult result = ConfigBinder.Bind(document);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Config;
    }
}
