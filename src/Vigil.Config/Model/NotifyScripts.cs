namespace Vigil.Config.Model;

/// <summary>
/// The <c>notify*</c> scripts of an instance or sync group. keepalived runs them asynchronously and
/// does not wait (only <c>notify_stop</c> is waited for, up to 1 s); <see cref="Notify"/> gets
/// <c>INSTANCE|GROUP NAME STATE PRIORITY</c> appended to its own arguments.
/// </summary>
public sealed record NotifyScripts
{
    public static NotifyScripts None { get; } = new();

    public ScriptCommand? Master { get; init; }

    public ScriptCommand? Backup { get; init; }

    public ScriptCommand? Fault { get; init; }

    public ScriptCommand? Stop { get; init; }

    public ScriptCommand? Notify { get; init; }

    /// <summary><c>notify_master_rx_lower_pri</c>: run when a master receives a lower-priority advert (split-brain repair hook).</summary>
    public ScriptCommand? MasterRxLowerPriority { get; init; }

    /// <summary><c>notify_deleted</c>: instances only in 2.2.7 (vrrp_parser.c), despite the man page listing it for sync groups.</summary>
    public ScriptCommand? Deleted { get; init; }

    /// <summary><c>notify_deleted</c> written without a script (keepalived allows it): only the DELETED word changes.</summary>
    public bool DeletedWithoutScript { get; init; }

    /// <summary>
    /// keepalived 2.2.7 (vrrp.c clear_diff_vrrp, vrrp_notify.c send_instance_notifies): an instance a reload removes is
    /// announced as DELETED with <c>notify_deleted</c> (with or without its script), else as FAULT (nothing if it was in FAULT).
    /// </summary>
    public bool NotifiesDeleted => Deleted is not null || DeletedWithoutScript;

    public IEnumerable<ScriptCommand> All() =>
        new[] { Master, Backup, Fault, Stop, Notify, MasterRxLowerPriority, Deleted }.OfType<ScriptCommand>();
}
