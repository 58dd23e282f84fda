using Vigil.Config.Model;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// notify_priority_changes precedence as keepalived resolves it (vrrp.c vrrp_complete_instance): the
/// instance's own keyword, else its sync group's, else global vrrp_notify_priority_changes, else off.
/// </summary>
public sealed class NotifyPriorityChangesTests
{
    [Theory]
    [InlineData("", "", "", false)]
    [InlineData("vrrp_notify_priority_changes", "", "", true)]
    [InlineData("vrrp_notify_priority_changes", "notify_priority_changes off", "", false)]
    [InlineData("", "notify_priority_changes", "", true)]
    [InlineData("", "notify_priority_changes on", "notify_priority_changes off", false)]
    [InlineData("vrrp_notify_priority_changes off", "", "notify_priority_changes", true)]
    [InlineData("", "notify_priority_changes off", "notify_priority_changes on", true)]
    public void Bind_InstanceGroupAndGlobal_InstanceWinsThenGroupThenGlobal(string global, string group, string instance, bool expected)
    {
        KeepalivedConfig config = Conf.Model(
            $"global_defs {{\n{global}\n}}\n" +
            $"vrrp_sync_group G {{\ngroup {{\nVI_1\n}}\n{group}\n}}\n" +
            $"vrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{instance}\nvirtual_ipaddress {{\n192.0.2.1/24\n}}\n}}\n" +
            "vrrp_instance VI_2 {\ninterface eth0\nvirtual_router_id 52\nvirtual_ipaddress {\n192.0.2.2/24\n}\n}\n");

        Assert.Equal(expected, config.Instances[0].NotifyPriorityChanges);
        Assert.Equal(global == "vrrp_notify_priority_changes", config.Instances[1].NotifyPriorityChanges); // not in the group
    }

    [Fact]
    public void Bind_GroupWithoutTheKeyword_LeavesItUnset()
    {
        KeepalivedConfig config = Conf.Model("vrrp_sync_group G {\ngroup {\nVI_1\n}\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n");

        Assert.Null(config.SyncGroups[0].NotifyPriorityChanges);
    }
}
