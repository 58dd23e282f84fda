using Vigil.Core.Notify;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// State changes → notifications. The state machine asks for a notify (RunNotify) after the actions
/// that change the addresses, and the loop carries out actions in order, so each notification goes
/// out after its VIP change (issue #2389 in keepalived: services want the VIP gone first).
/// A sync group is announced once per group state change, after its first member's notification.
/// </summary>
public sealed partial class VrrpEventLoop
{
    private readonly Dictionary<SyncGroup, NotifyState> _groupAnnounced = new(ReferenceEqualityComparer.Instance);

    /// <summary>Where notifications go (null: nowhere). Set before the loop runs.</summary>
    public INotifier? Notifier { get; set; }

    private void OnRunNotify(RouterBinding binding, RouterState to)
    {
        if (Notifier is null || Word(to) is not NotifyState state || binding.Removed)
        {
            return;
        }

        VirtualRouter router = binding.Router;
        Notifier.Notify(new NotifyEvent(NotifySubject.Instance, router.Name, state, router.EffectivePriority));
        if (router.Group is not { } group)
        {
            return;
        }

        // On shutdown the group stops with its members; at startup (SyncGroup still Initialize) it is
        // where its members start; otherwise it is in the state SyncGroup moved it to.
        NotifyState? groupState = state == NotifyState.Stop || group.State == RouterState.Initialize ? state : Word(group.State);
        if (groupState is { } announced && (!_groupAnnounced.TryGetValue(group, out NotifyState last) || last != announced))
        {
            _groupAnnounced[group] = announced;
            Notifier.Notify(new NotifyEvent(NotifySubject.Group, group.Name, announced, 0));
        }
    }

    /// <summary>
    /// A reload removed the instance. As keepalived 2.2.7 (vrrp.c clear_diff_vrrp): a master sends priority 0 and
    /// releases its addresses (the Shutdown step), then the instance is announced as DELETED with notify_deleted
    /// (notify_deleted's script, the generic notify script and the FIFOs), else as FAULT (notify_fault …) unless it
    /// was in FAULT already; never as STOP, which keepalived keeps for the daemon's own stop. Its sync group hears nothing.
    /// </summary>
    private void Delete(RouterBinding removed, TimeSpan now)
    {
        RouterState before = removed.Router.State;
        int priority = removed.Router.EffectivePriority;
        removed.Removed = true;
        Step(removed, RouterInput.Shutdown, now);

        if (Notifier is not null && (removed.NotifyDeleted || before != RouterState.Fault))
        {
            NotifyState state = removed.NotifyDeleted ? NotifyState.Deleted : NotifyState.Fault;
            Notifier.Notify(new NotifyEvent(NotifySubject.Instance, removed.Router.Name, state, priority));
        }
    }

    /// <summary>
    /// keepalived notify_master_rx_lower_pri: a master heard a lower-priority advert (someone else
    /// thinks it is master: a split brain healing). Checked before the advert is stepped.
    /// </summary>
    private void NoteAdvertPriority(RouterBinding binding, int advertPriority)
    {
        VirtualRouter router = binding.Router;
        if (Notifier is not null && router.State == RouterState.Master && advertPriority != 0 && advertPriority < router.EffectivePriority)
        {
            Notifier.Notify(new NotifyEvent(NotifySubject.Instance, router.Name, NotifyState.MasterRxLowerPri, router.EffectivePriority));
        }
    }

    /// <summary>
    /// keepalived notify_priority_changes (vrrp_track.c vrrp_set_effective_priority → send_instance_priority_notifies):
    /// a tracker moved the effective priority of a running instance: <c>INSTANCE "VI_1" MASTER_PRIORITY 80</c>
    /// (or BACKUP_PRIORITY). keepalived writes these to the notify FIFOs only, and also while in FAULT or INIT
    /// (as BACKUP_PRIORITY); here only a MASTER or BACKUP instance reports, since a faulted one is not competing.
    /// An address owner's priority never moves, so it never reports.
    /// </summary>
    private void NotePriorityChange(RouterBinding binding, int before)
    {
        VirtualRouter router = binding.Router;
        if (Notifier is null || !binding.NotifyPriorityChanges || router.EffectivePriority == before)
        {
            return;
        }

        NotifyState? state = router.State switch
        {
            RouterState.Master => NotifyState.MasterPriority,
            RouterState.Backup => NotifyState.BackupPriority,
            _ => null,
        };
        if (state is { } word)
        {
            Notifier.Notify(new NotifyEvent(NotifySubject.Instance, router.Name, word, router.EffectivePriority));
        }
    }

    private static NotifyState? Word(RouterState state) => state switch
    {
        RouterState.Master => NotifyState.Master,
        RouterState.Backup => NotifyState.Backup,
        RouterState.Fault => NotifyState.Fault,
        RouterState.Stopped => NotifyState.Stop,
        _ => null,
    };
}
