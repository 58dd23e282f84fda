using System.Net;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

public sealed class InstanceRuleTests
{
    [Fact]
    public void Bind_StateMasterWithoutPriority_PriorityIs255()
    {
        Assert.Equal(255, Conf.Instance("state MASTER").Priority);
    }

    [Fact]
    public void Bind_NoStateNoPriority_BackupWith100()
    {
        VrrpInstance instance = Conf.Instance("");
        Assert.Equal(InitialState.Backup, instance.State);
        Assert.Equal(100, instance.Priority);
        Assert.Equal(2, instance.Version);
        Assert.Equal(TimeSpan.FromSeconds(1), instance.AdvertInterval);
        Assert.True(instance.Accept);
        Assert.True(instance.Preempt);
    }

    [Fact]
    public void Bind_Priority255WithoutState_StartsAsMaster()
    {
        Assert.Equal(InitialState.Master, Conf.Instance("priority 255").State);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    [InlineData("-1")]
    [InlineData("high")]
    public void Bind_PriorityOutOfRange_IsError(string value)
    {
        var result = Conf.BindInstance($"priority {value}");
        Assert.Contains(result.Errors(), d => d.Location.Line == 7 && d.Message.Contains("priority", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("256")]
    public void Bind_VridOutOfRange_IsError(string value)
    {
        var result = Conf.Bind($"vrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id {value}\nvirtual_ipaddress {{\n192.0.2.1\n}}\n}}\n");
        Assert.Contains(result.Errors(), d => d.Code == "out-of-range");
    }

    [Fact]
    public void Bind_MissingVrid_IsError()
    {
        var result = Conf.Bind("vrrp_instance VI_1 {\ninterface eth0\n}\n");
        Assert.Contains(result.Errors(), d => d.Code == "missing-keyword" && d.Message.Contains("virtual_router_id", StringComparison.Ordinal));
    }

    [Fact]
    public void Bind_NopreemptOnMaster_IgnoredWithWarning()
    {
        var result = Conf.BindInstance("state MASTER\nnopreempt");
        Assert.False(result.HasErrors);
        Assert.Equal("ignored-setting", result.Single("ignored-setting").Code);
        Assert.True(result.Config.Instances[0].Preempt);
    }

    [Fact]
    public void Bind_PreemptDelayOnMaster_IgnoredWithWarning()
    {
        var result = Conf.BindInstance("state MASTER\npreempt_delay 10");
        Assert.Equal(TimeSpan.Zero, result.Config.Instances[0].PreemptDelay);
        result.Single("ignored-setting");
    }

    [Fact]
    public void Bind_NopreemptOnBackup_Honoured()
    {
        VrrpInstance instance = Conf.Instance("state BACKUP\nnopreempt\npreempt_delay 2.5");
        Assert.False(instance.Preempt);
        Assert.Equal(TimeSpan.FromSeconds(2.5), instance.PreemptDelay);
    }

    [Theory]
    [InlineData("1.4", 1)]
    [InlineData("1.5", 2)]
    [InlineData("0.2", 1)]
    public void Bind_FractionalAdvertIntV2_RoundedWithWarning(string written, int expected)
    {
        var result = Conf.BindInstance($"advert_int {written}");
        Assert.False(result.HasErrors);
        result.Single("rounded");
        Assert.Equal(TimeSpan.FromSeconds(expected), result.Config.Instances[0].AdvertInterval);
    }

    [Fact]
    public void Bind_AdvertIntV3_CentisecondsKept()
    {
        VrrpInstance instance = Conf.Instance("version 3\nadvert_int 0.05");
        Assert.Equal(TimeSpan.FromMilliseconds(50), instance.AdvertInterval);
    }

    [Fact]
    public void Bind_AdvertIntV3Above4095_IsError()
    {
        Assert.Contains(Conf.BindInstance("version 3\nadvert_int 41").Errors(), d => d.Code == "out-of-range");
    }

    [Fact]
    public void Bind_AuthenticationWithV3_IsError()
    {
        var result = Conf.BindInstance("version 3\nauthentication {\nauth_type PASS\nauth_pass secret\n}");
        result.Single("auth-in-v3");
    }

    [Fact]
    public void Bind_LongAuthPass_TruncatedTo8WithWarning()
    {
        var result = Conf.BindInstance("authentication {\nauth_type PASS\nauth_pass 0123456789\n}");
        Assert.False(result.HasErrors);
        result.Single("truncated");
        Assert.Equal("01234567", result.Config.Instances[0].Authentication!.Password);
    }

    [Fact]
    public void Bind_IPv6Instance_AlwaysVersion3()
    {
        var result = Conf.BindInstance("", vips: "2001:db8::1/64");
        Assert.False(result.HasErrors);
        Assert.Equal(3, result.Config.Instances[0].Version);
    }

    [Fact]
    public void Bind_IPv6InstanceWithExplicitVersion2_IsError()
    {
        Conf.BindInstance("version 2", vips: "2001:db8::1/64").Single("version-conflict");
    }

    [Fact]
    public void Bind_GlobalVersion3_Inherited()
    {
        Assert.Equal(3, Conf.Instance("", global: "vrrp_version 3").Version);
    }

    [Fact]
    public void Bind_GlobalGarpExtraIf_InheritedUnlessTheInstanceSetsItsOwn()
    {
        GarpSettings inherited = Conf.Instance("", global: "vrrp_garp_extra_if all 30").Garp;
        GarpSettings own = Conf.Instance("garp_extra_if 5", global: "vrrp_garp_extra_if all 30").Garp;
        GarpSettings zero = Conf.Instance("vmac_garp_intvl 0", global: "vrrp_garp_extra_if 30 all").Garp; // keepalived: 0 is "not set"

        Assert.Equal((TimeSpan.FromSeconds(30), true), (inherited.ExtraInterfaceInterval, inherited.ExtraInterfaceAll));
        Assert.Equal((TimeSpan.FromSeconds(5), false), (own.ExtraInterfaceInterval, own.ExtraInterfaceAll));
        Assert.Equal((TimeSpan.FromSeconds(30), true), (zero.ExtraInterfaceInterval, zero.ExtraInterfaceAll));
        Assert.Equal(TimeSpan.Zero, Conf.Instance("").Garp.ExtraInterfaceInterval);
        Assert.Contains(Conf.BindInstance("garp_extra_if all").Diagnostics, d => d.Code == "missing-argument");
    }

    [Theory]
    [InlineData("192.0.2.300/24")]
    [InlineData("192.0.2/24")]
    [InlineData("192.0.2.1/33")]
    [InlineData("not-an-ip")]
    public void Bind_InvalidVip_IsError(string vip)
    {
        Assert.Contains(Conf.BindInstance("", vips: vip).Errors(), d => d.Code == "invalid-address");
    }

    [Fact]
    public void Bind_VipFullSyntax_AllOptionsParsed()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.10/24 brd 192.0.2.255 dev eth1 scope link label eth1:vip no_track home -nodad noprefixroute mngtmpaddr preferred_lft forever\n192.0.2.11 peer 192.0.2.20\n239.1.1.1 autojoin");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        AddressEntry vip = result.Config.Instances[0].VirtualIpAddresses[0];
        Assert.Equal(IPAddress.Parse("192.0.2.10"), vip.Address);
        Assert.Equal(24, vip.PrefixLength);
        Assert.Equal("192.0.2.255", vip.Broadcast);
        Assert.Equal("eth1", vip.Device);
        Assert.Equal("link", vip.Scope);
        Assert.Equal("eth1:vip", vip.Label);
        Assert.True(vip.NoTrack && vip.Home && vip.NoDad && vip.NoPrefixRoute && vip.ManageTemporaryAddress);
        Assert.Equal("forever", vip.PreferredLifetime);
        Assert.Equal(IPAddress.Parse("192.0.2.20"), result.Config.Instances[0].VirtualIpAddresses[1].Peer);
        Assert.True(result.Config.Instances[0].VirtualIpAddresses[2].AutoJoin);
    }

    [Fact]
    public void Bind_VipUnknownOption_SuggestsClosest()
    {
        Diagnostic d = Assert.Single(Conf.BindInstance("", vips: "192.0.2.10/24 lable eth0:1").Errors());
        Assert.Equal("did you mean 'label'?", d.Hint);
    }

    [Fact]
    public void Bind_VipWithoutPrefix_Is32()
    {
        var result = Conf.BindInstance("", vips: "192.0.2.10");
        Assert.Equal(32, result.Config.Instances[0].VirtualIpAddresses[0].PrefixLength);
    }

    [Fact]
    public void Bind_EmptyUnicastPeerBlock_IsError()
    {
        Conf.BindInstance("unicast_peer {\n}").Single("empty-unicast-peer");
    }

    [Fact]
    public void Bind_UnicastPeersWithTtl_Parsed()
    {
        VrrpInstance instance = Conf.Instance("unicast_src_ip 192.0.2.2\nunicast_peer {\n192.0.2.3 min_ttl 250 max_ttl 255\n192.0.2.4\n}");
        Assert.Equal(2, instance.UnicastPeers.Count);
        Assert.Equal(250, instance.UnicastPeers[0].MinTtl);
        Assert.Equal(255, instance.UnicastPeers[0].MaxTtl);
        Assert.Null(instance.UnicastPeers[1].MinTtl);
        Assert.Equal(IPAddress.Parse("192.0.2.2"), instance.SourceAddress);
    }

    [Fact]
    public void Bind_McastSrcIpWithUnicastPeer_WarnsToWriteUnicastSrcIp()
    {
        Conf.BindInstance("mcast_src_ip 192.0.2.2\nunicast_peer {\n192.0.2.3\n}").Single("unicast-source");
    }

    [Fact]
    public void Bind_MixedFamilyVips_IsError()
    {
        Conf.BindInstance("", vips: "192.0.2.1\n2001:db8::1").Single("mixed-family");
    }

    [Theory]
    [InlineData(false, 2, 255)] // (1500 - 14 - 20 - 8 - 8) / 4 = 362, capped by the 8-bit count
    [InlineData(false, 3, 255)]
    [InlineData(true, 3, 89)] // (1500 - 14 - 40 - 8) / 16 (keepalived vrrp.c, DEFAULT_MTU 1500)
    public void Bind_MoreVipsThanAnAdvertCarries_ExcessMovedToExcludedWithWarning(bool v6, int version, int max)
    {
        int count = max + 5;
        string vips = string.Join("\n", Enumerable.Range(0, count).Select(i => v6 ? $"2001:db8::{i + 1:x}/64" : $"10.{i / 250}.{i % 250}.1/8"));
        ConfigBindResult result = Conf.BindInstance($"version {version}", vips);

        Diagnostic warning = result.Single("vips-excess");
        Assert.Equal(Severity.Warning, warning.Severity);
        string firstExcluded = v6 ? $"2001:db8::{max + 1:x}" : $"10.{max / 250}.{max % 250}.1";
        Assert.Contains("VI_1", warning.Message, StringComparison.Ordinal);
        Assert.Contains(firstExcluded, warning.Message, StringComparison.Ordinal);
        VrrpInstance instance = result.Config.Instances[0];
        Assert.Equal(max, instance.VirtualIpAddresses.Count);
        Assert.Equal(5, instance.VirtualIpAddressesExcluded.Count);
        Assert.Equal(IPAddress.Parse(firstExcluded), instance.VirtualIpAddressesExcluded[0].Address);
    }

    [Fact]
    public void Bind_Exactly255Ipv4Vips_NoWarning()
    {
        string vips = string.Join("\n", Enumerable.Range(0, 255).Select(i => $"10.0.{i}.1/8"));
        Assert.DoesNotContain(Conf.BindInstance("", vips).Diagnostics, d => d.Code == "vips-excess");
    }

    [Fact]
    public void Bind_NoVip_Warning()
    {
        var result = Conf.Bind("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 5\n}\n");
        Assert.False(result.HasErrors);
        result.Single("no-vip");
    }

    [Fact]
    public void Bind_TrackBlocksWithWeights_Parsed()
    {
        var config = Conf.Model("""
            vrrp_script chk {
            script "/bin/true"
            }
            track_file tf {
            file /run/x
            }
            vrrp_track_process nginx {
            process nginx
            }
            vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 1
            track_interface {
            eth1 weight -10
            eth2
            }
            track_script {
            chk weight 20 reverse
            }
            track_file {
            tf
            }
            track_process {
            nginx weight -254
            }
            virtual_ipaddress {
            192.0.2.1
            }
            }
            """);
        VrrpInstance instance = config.Instances[0];
        Assert.Equal(-10, instance.TrackInterfaces[0].Weight);
        Assert.Equal(0, instance.TrackInterfaces[1].Weight);
        Assert.Equal(new TrackReference("chk", 20, true, SourceRef.None), instance.TrackScripts[0]);
        Assert.Null(instance.TrackFiles[0].Weight);
        Assert.Equal(-254, instance.TrackProcesses[0].Weight);
    }

    [Fact]
    public void Bind_TrackScriptWeightOutOfRange_IsError()
    {
        Assert.Contains(Conf.Bind("vrrp_script chk {\nscript /bin/true\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\ntrack_script {\nchk weight 254\n}\n}\n").Errors(),
            d => d.Code == "out-of-range");
    }

    [Fact]
    public void Bind_MissingTrackScript_IsErrorWithSuggestion()
    {
        var result = Conf.Bind("vrrp_script chk_nginx {\nscript /bin/true\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 1\ntrack_script {\nchk_ngnix\n}\n}\n");
        Diagnostic d = result.Single("undefined-reference");
        Assert.Equal("did you mean 'chk_nginx'?", d.Hint);
        Assert.Equal(8, d.Location.Line);
    }

    [Fact]
    public void Bind_ScriptWithoutCommand_IsError()
    {
        Assert.Contains(Conf.Bind("vrrp_script chk {\ninterval 2\n}\n").Errors(), d => d.Code == "missing-keyword");
    }

    [Fact]
    public void Bind_ScriptDefaults_TimeoutFollowsInterval()
    {
        VrrpScript script = Conf.Model("vrrp_script chk {\nscript \"/usr/bin/check arg\"\ninterval 3\nweight -20\n}\n").Scripts[0];
        Assert.Equal(TimeSpan.FromSeconds(3), script.Timeout);
        Assert.Equal(-20, script.Weight);
        Assert.Equal("/usr/bin/check", script.Program);
        Assert.Equal(1, script.Rise);
    }

    [Fact]
    public void Bind_DuplicateVridOnInterface_IsError()
    {
        var result = Conf.Bind("vrrp_instance A {\ninterface eth0\nvirtual_router_id 7\n}\nvrrp_instance B {\ninterface eth0\nvirtual_router_id 7\n}\n");
        result.Single("duplicate-vrid");
    }

    [Fact]
    public void Bind_SyncGroupWithUnknownMember_IsError()
    {
        var result = Conf.Bind("vrrp_sync_group G {\ngroup {\nVI_1\nVI_9\n}\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 7\nvirtual_ipaddress {\n192.0.2.1\n}\n}\n");
        Assert.Contains("VI_9", result.Single("undefined-reference").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_StrictMode_RejectsUnicastAuthAndMasterBelow255()
    {
        var result = Conf.BindInstance("state MASTER\npriority 100\nunicast_peer {\n192.0.2.9\n}\nauthentication {\nauth_type PASS\nauth_pass x\n}", global: "vrrp_strict");
        Assert.Equal(3, result.Errors().Count(d => d.Code == "strict-mode"));
    }

    [Fact]
    public void Bind_StrictModeWithoutAccept_ImpliesNoAcceptWhichVigilRunApplies()
    {
        var result = Conf.BindInstance("priority 100", global: "vrrp_strict");
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == ConfigBinder.NotAppliedCode);
        Assert.False(result.Config.Instances[0].Accept); // dropped by nftables while MASTER: NoAcceptNetnsTests.VrrpStrict_ImpliesNoAccept_VipDoesNotAnswer
    }

    [Fact]
    public void Bind_GarpSettings_InheritGlobalsAndOverride()
    {
        VrrpInstance instance = Conf.Instance("garp_master_repeat 2", global: "vrrp_garp_master_delay 10");
        Assert.Equal(TimeSpan.FromSeconds(10), instance.Garp.MasterDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), instance.Garp.LowerPriorityDelay);
        Assert.Equal(2, instance.Garp.MasterRepeat);
    }

    [Fact]
    public void Bind_StrictMode_NoLowerPriorityGarpsAndAnExplicitRepeatOrDelayIsRefused()
    {
        // keepalived 2.2.7 vrrp_complete_instance: under strict mode garp_lower_prio_repeat and _delay become 0.
        VrrpInstance instance = Conf.Instance("priority 100", global: "vrrp_strict\nvrrp_garp_lower_prio_repeat 3\nvrrp_garp_lower_prio_delay 4");
        Assert.Equal((0, TimeSpan.Zero), (instance.Garp.LowerPriorityRepeat, instance.Garp.LowerPriorityDelay));

        Assert.Single(Conf.BindInstance("priority 100\ngarp_lower_prio_delay 2", global: "vrrp_strict").Errors(), d => d.Code == "strict-mode");
        Assert.Single(Conf.BindInstance("priority 100\ngarp_lower_prio_repeat 2", global: "vrrp_strict").Errors(), d => d.Code == "strict-mode");
        Assert.Empty(Conf.BindInstance("priority 100\ngarp_lower_prio_repeat 0", global: "vrrp_strict").Errors());
    }
}
