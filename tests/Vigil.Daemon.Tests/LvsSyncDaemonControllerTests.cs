using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Notify;
using Vigil.Daemon.Lvs;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Tests;

/// <summary>
/// lvs_sync_daemon as keepalived 2.2.7 drives the kernel's sync daemons (check_daemon.c, vrrp.c ipvs_syncd_master /
/// _backup): both for the daemon's life without an instance; with one, backup from the start, master while it is MASTER.
/// </summary>
public sealed class LvsSyncDaemonControllerTests
{
    [Fact]
    public void WithoutAnInstance_LeftoversStoppedThenMasterAndBackupRun_BothStoppedAtExit()
    {
        var kernel = new RecordingSyncDaemons { RunningBefore = { IpvsSyncRole.Master } };
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 id 7 port 8849"), kernel, new RecordingLogger()))
        {
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Master, 100)); // not followed: ignored
        }

        Assert.Equal(
            ["stop master (was running)", "stop backup", "start master sync daemon (mcast=eth0, syncid=7) port 8849", "start backup sync daemon (mcast=eth0, syncid=7) port 8849", "stop master (was running)", "stop backup (was running)"],
            kernel.Calls);
    }

    [Fact]
    public void FollowingAnInstance_BackupFirstMasterWhileMasterBackupAgainOnFault_SyncIdDefaultsToTheVrid()
    {
        var kernel = new RecordingSyncDaemons();
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 VI_1"), kernel, new RecordingLogger()))
        {
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Backup, 100));
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Master, 100));
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "OTHER", NotifyState.Fault, 100));
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Fault, 100));
        }

        Assert.Equal(
            [
                "stop master", "stop backup",
                "start backup sync daemon (mcast=eth0, syncid=51)",
                "stop backup (was running)", "start master sync daemon (mcast=eth0, syncid=51)",
                "stop master (was running)", "start backup sync daemon (mcast=eth0, syncid=51)",
                "stop backup (was running)",
            ],
            kernel.Calls);
    }

    [Fact]
    public void Reconfigure_ChangedLineRestartsInTheCurrentRole_UnchangedTouchesNothing()
    {
        var kernel = new RecordingSyncDaemons();
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 inst VI_1 id 5"), kernel, new RecordingLogger()))
        {
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Master, 100));
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 inst VI_1 id 5"));
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 inst VI_1 id 6"));
        }

        Assert.Equal(
            [
                "stop master", "stop backup",
                "start backup sync daemon (mcast=eth0, syncid=5)",
                "stop backup (was running)", "start master sync daemon (mcast=eth0, syncid=5)",
                "stop master (was running)", "start master sync daemon (mcast=eth0, syncid=6)",
                "stop master (was running)",
            ],
            kernel.Calls);
    }

    [Fact]
    public void Reconfigure_UnrelatedChanges_TheMasterDaemonStaysMaster()
    {
        var kernel = new RecordingSyncDaemons();
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 VI_1"), kernel, new RecordingLogger()))
        {
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Master, 100));
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_1", Instance("VI_2", 52)), name => name == "VI_1"); // another instance added
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_1", "", "192.0.2.2/24"), name => name == "VI_1"); // a VIP added
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_1"), null); // no state to go by: the role it had
        }

        Assert.Equal(
            [
                "stop master", "stop backup",
                "start backup sync daemon (mcast=eth0, syncid=51)",
                "stop backup (was running)", "start master sync daemon (mcast=eth0, syncid=51)",
                "stop master (was running)",
            ],
            kernel.Calls);
    }

    [Fact]
    public void Reconfigure_OnlyTheInstanceChanged_NoRestart_TheNewInstancesRole()
    {
        var kernel = new RecordingSyncDaemons();
        string second = Instance("VI_2", 52);
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 VI_1 id 5", second), kernel, new RecordingLogger()))
        {
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Master, 100));
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_2 id 5", second), name => name == "VI_1"); // VI_2 is BACKUP: backup daemon
            controller.Notify(new NotifyEvent(NotifySubject.Instance, "VI_1", NotifyState.Backup, 100)); // no longer followed
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_1 id 5", second), name => name == "VI_2"); // VI_1 is BACKUP too: untouched
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_2 id 5", second), name => name == "VI_2"); // VI_2 MASTER: master daemon
        }

        Assert.Equal(
            [
                "stop master", "stop backup",
                "start backup sync daemon (mcast=eth0, syncid=5)",
                "stop backup (was running)", "start master sync daemon (mcast=eth0, syncid=5)",
                "stop master (was running)", "start backup sync daemon (mcast=eth0, syncid=5)",
                "stop backup (was running)", "start master sync daemon (mcast=eth0, syncid=5)",
                "stop master (was running)",
            ],
            kernel.Calls);
    }

    [Fact]
    public void Reconfigure_ChangedLineRestartsInTheRoleTheInstanceHasNow_AndALineAddedByAReloadStartsInIt()
    {
        var kernel = new RecordingSyncDaemons();
        using (LvsSyncDaemonController controller = LvsSyncDaemonController.Start(Bind("lvs_sync_daemon eth0 VI_1 id 5"), kernel, new RecordingLogger(), _ => true))
        {
            controller.Reconfigure(Bind("lvs_sync_daemon eth0 VI_1 id 6"), _ => true);
        }

        Assert.Equal(
            [
                "stop master", "stop backup",
                "start master sync daemon (mcast=eth0, syncid=5)",
                "stop master (was running)", "start master sync daemon (mcast=eth0, syncid=6)",
                "stop master (was running)",
            ],
            kernel.Calls);
    }

    private static string Instance(string name, int vrid, string vip = "192.0.2.1/24") =>
        $"vrrp_instance {name} {{\ninterface eth0\nvirtual_router_id {vrid}\nvirtual_ipaddress {{\n{vip}\n}}\n}}\n";

    private static KeepalivedConfig Bind(string global, string more = "", string extraVip = "")
    {
        string text = $"global_defs {{\n{global}\n}}\n{Instance("VI_1", 51, $"192.0.2.1/24\n{extraVip}")}{more}";
        ConfigDocument document = ConfigLoader.Load("t.conf", new ConfigLoadOptions { FileSystem = new InMemoryConfigFileSystem().Add("t.conf", text) });
        ConfigBindResult result = ConfigBinder.Bind(document);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Config;
    }

    private sealed class RecordingSyncDaemons : IIpvsSyncDaemons
    {
        public HashSet<IpvsSyncRole> RunningBefore { get; } = [];

        public List<string> Calls { get; } = [];

        public void Start(IpvsSyncDaemon daemon)
        {
            RunningBefore.Add(daemon.Role);
            Calls.Add($"start {daemon}{(daemon.Port != 0 ? $" port {daemon.Port}" : "")}");
        }

        public bool Stop(IpvsSyncRole role)
        {
            bool was = RunningBefore.Remove(role);
            Calls.Add($"stop {role.ToString().ToLowerInvariant()}{(was ? " (was running)" : "")}");
            return was;
        }
    }
}
