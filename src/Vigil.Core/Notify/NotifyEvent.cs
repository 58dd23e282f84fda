namespace Vigil.Core.Notify;

/// <summary>Whether a notification is about a vrrp_instance or a vrrp_sync_group (the first word keepalived passes).</summary>
public enum NotifySubject
{
    Instance,
    Group,
}

/// <summary>The state words keepalived writes to notify scripts and FIFOs (vrrp_notify.c).</summary>
public enum NotifyState
{
    Master,
    Backup,
    Fault,
    Stop,
    Deleted,
    MasterRxLowerPri,
    MasterPriority,
    BackupPriority,
}

/// <summary>One transition to announce: <c>INSTANCE "VI_1" MASTER 100</c>.</summary>
public readonly record struct NotifyEvent(NotifySubject Subject, string Name, NotifyState State, int Priority)
{
    public string SubjectWord => Subject == NotifySubject.Instance ? "INSTANCE" : "GROUP";

    public string StateWord => State switch
    {
        NotifyState.Master => "MASTER",
        NotifyState.Backup => "BACKUP",
        NotifyState.Fault => "FAULT",
        NotifyState.Stop => "STOP",
        NotifyState.Deleted => "DELETED",
        NotifyState.MasterRxLowerPri => "MASTER_RX_LOWER_PRI",
        NotifyState.MasterPriority => "MASTER_PRIORITY",
        _ => "BACKUP_PRIORITY",
    };
}
