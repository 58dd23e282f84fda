namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Issue 11 #3: what keepalived 2.2.7 does to the weights of an address owner's or an unweighted sync group
/// member's trackers (and what <c>vigil run</c> does, TrackingPlan) is reported by check, at the tracker's line.
/// </summary>
public sealed class TrackingWeightRuleTests
{
    private const string Script = "vrrp_script chk {\nscript /bin/true\nweight -20\n}\n";

    private static string Instance(string name, int vrid, int priority, string extra) =>
        $"vrrp_instance {name} {{\ninterface eth0\nvirtual_router_id {vrid}\npriority {priority}\nvirtual_ipaddress {{\n192.0.2.{vrid}\n}}\n{extra}\n}}\n";

    [Fact]
    public void AddressOwnerWithWeightedScript_ReportsTheIgnoredWeightAtTheTrackLine()
    {
        var result = Conf.Bind(Script + Instance("VI_1", 51, 255, "track_script {\nchk\n}"));

        var warning = result.Single("ignored-setting");
        Assert.Equal(13, warning.Location.Line);
        Assert.Contains("address owner (priority 255)", warning.Message, StringComparison.Ordinal);
        Assert.Contains("not tracked at all", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleMemberSyncGroup_IsReportedAndItsMembersWeightsToo()
    {
        var result = Conf.Bind(Script + "vrrp_sync_group VG {\ngroup {\nVI_1\n}\n}\n" + Instance("VI_1", 51, 100, "track_script {\nchk\n}\ntrack_interface {\neth1 weight 10\n}"));

        Assert.Contains("only one instance (VI_1)", result.Single("sync-group-single").Message, StringComparison.Ordinal);
        Assert.Equal(2, result.Diagnostics.Count(d => d.Code == "ignored-setting" && d.Message.Contains("vrrp_sync_group VG without sync_group_tracking_weight", StringComparison.Ordinal)));
        Assert.Contains(result.Diagnostics, d => d.Code == "ignored-setting" && d.Message.Contains("track_interface eth1", StringComparison.Ordinal) && d.Message.Contains("tracked unweighted", StringComparison.Ordinal));
    }

    [Fact]
    public void SyncGroupWithTrackingWeight_KeepsWeightsSilently()
    {
        var result = Conf.Bind(Script + "vrrp_sync_group VG {\ngroup {\nVI_1\nVI_2\n}\nsync_group_tracking_weight\n}\n"
            + Instance("VI_1", 51, 100, "track_script {\nchk\n}") + Instance("VI_2", 52, 100, ""));

        Assert.DoesNotContain(result.Diagnostics, d => d.Code is "ignored-setting" or "sync-group-single");
    }

    [Fact]
    public void GroupTrackerWithAnOwnerMember_IsClearedAndReported()
    {
        var result = Conf.Bind(Script + "vrrp_sync_group VG {\ngroup {\nVI_1\nVI_2\n}\nsync_group_tracking_weight\ntrack_script {\nchk\n}\n}\n"
            + Instance("VI_1", 51, 255, "") + Instance("VI_2", 52, 100, ""));

        Assert.Contains("member VI_1 is the address owner", result.Single("ignored-setting").Message, StringComparison.Ordinal);
    }
}
