namespace Vigil.Core.StateMachine;

/// <summary>
/// A vrrp_sync_group: its member routers change state together (keepalived vrrp_sync.c).
/// MASTER needs every member to want MASTER (or the group to be MASTER already); one member
/// stepping down to BACKUP takes the others along; one member in FAULT puts all in FAULT, and
/// they leave FAULT only when no member has a fault of its own.
/// </summary>
public sealed class SyncGroup
{
    private readonly List<VirtualRouter> _members = [];

    public SyncGroup(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<VirtualRouter> Members => _members;

    /// <summary>The group's state: Initialize until the first member moves, then Backup, Master or Fault.</summary>
    public RouterState State { get; private set; } = RouterState.Initialize;

    public void Add(VirtualRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        if (router.Group is not null)
        {
            throw new InvalidOperationException($"{router.Name} is already in sync group {router.Group.Name}.");
        }

        router.Group = this;
        _members.Add(router);
    }

    /// <summary>keepalived vrrp_sync_can_goto_master: only sync to master if everyone wants to.</summary>
    internal bool CanGoMaster(VirtualRouter router)
    {
        if (State == RouterState.Master)
        {
            return true;
        }

        foreach (VirtualRouter member in _members)
        {
            if (member != router && !member.WantsMaster)
            {
                return false;
            }
        }

        return true;
    }

    internal void OnMemberBecameMaster(VirtualRouter router, TimeSpan now, List<RouterAction> actions) =>
        Follow(router, RouterState.Master, "became MASTER", m => m.State == RouterState.Backup, (m, reason) => m.BecomeMaster(reason, now, actions));

    internal void OnMemberBecameBackup(VirtualRouter router, TimeSpan now, List<RouterAction> actions) =>
        Follow(router, RouterState.Backup, "became BACKUP", m => m.State == RouterState.Master, (m, reason) => m.LeaveMaster(RouterState.Backup, reason, now, actions));

    /// <summary>keepalived set_vrrp_backup: every other MASTER member steps down with it and returns after its own Skew_Time.</summary>
    internal void OnMemberSteppedDownBriefly(VirtualRouter router, TimeSpan now, List<RouterAction> actions)
    {
        State = RouterState.Backup;
        TransitionReason reason = Because(router, "stepped down (its kernel state was deleted)");
        foreach (VirtualRouter member in _members)
        {
            if (member != router && member.State == RouterState.Master)
            {
                member.StepDownBriefly(reason, now, actions);
            }
        }
    }

    internal void OnMemberFault(VirtualRouter router, TimeSpan now, List<RouterAction> actions) =>
        Follow(router, RouterState.Fault, "is in FAULT", m => m.State is RouterState.Backup or RouterState.Master, (m, reason) => m.EnterFault(reason, now, actions));

    internal void OnMemberFaultCleared(VirtualRouter router, string what, TimeSpan now, List<RouterAction> actions)
    {
        foreach (VirtualRouter member in _members)
        {
            if (member.HasFault)
            {
                return;
            }
        }

        State = RouterState.Backup;
        var own = new TransitionReason(TransitionReasonKind.FaultCleared, Detail: what);
        var others = Because(router, "fault cleared");
        foreach (VirtualRouter member in _members)
        {
            if (member.State == RouterState.Fault)
            {
                member.LeaveFault(member == router ? own : others, now, actions);
            }
        }
    }

    /// <summary>keepalived also sends the lower-priority GARPs of the other (master) members.</summary>
    internal void OnMemberHeardLowerPriority(VirtualRouter router, TimeSpan now, List<RouterAction> actions)
    {
        foreach (VirtualRouter member in _members)
        {
            if (member != router && member.State == RouterState.Master)
            {
                member.SendLowerPriorityGarps(now, actions); // with its own garp_lower_prio_delay burst
            }
        }
    }

    /// <summary>
    /// Moves the group to <paramref name="state"/> once (re-entrant calls from the members it moves
    /// return at the first line) and applies <paramref name="move"/> to the other members that <paramref name="needsMove"/>.
    /// </summary>
    private void Follow(VirtualRouter router, RouterState state, string what, Func<VirtualRouter, bool> needsMove, Action<VirtualRouter, TransitionReason> move)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        TransitionReason reason = Because(router, what);
        foreach (VirtualRouter member in _members)
        {
            if (member != router && needsMove(member))
            {
                move(member, reason);
            }
        }
    }

    private TransitionReason Because(VirtualRouter router, string what) =>
        new(TransitionReasonKind.SyncGroup, Detail: $"{Name}: {router.Name} {what}");
}
