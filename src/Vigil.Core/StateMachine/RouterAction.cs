namespace Vigil.Core.StateMachine;

public enum RouterActionKind
{
    /// <summary>Send one advert with <see cref="RouterAction.Priority"/> (0 = "I am stopping").</summary>
    SendAdvertisement,

    /// <summary>Add the virtual addresses (and routes/rules) to the interface.</summary>
    AddVirtualAddresses,

    /// <summary>Remove the virtual addresses.</summary>
    RemoveVirtualAddresses,

    /// <summary>Send <see cref="RouterAction.Count"/> gratuitous ARPs / unsolicited NAs for the virtual addresses.</summary>
    SendGratuitousArpBurst,

    /// <summary>garp_extra_if: one gratuitous ARP / unsolicited NA on each extra interface (the driver knows which).</summary>
    SendExtraInterfaceGratuitousArp,

    /// <summary>Run the notify scripts for <see cref="RouterAction.To"/> (notify_master, notify_backup …).</summary>
    RunNotify,

    /// <summary>The state changed from <see cref="RouterAction.From"/> to <see cref="RouterAction.To"/> because of <see cref="RouterAction.Reason"/>.</summary>
    StateChanged,

    /// <summary>keepalived's "CONFIGURATION ERROR … both configured as address owner": our priority dropped to 254.</summary>
    OwnerConflict,
}

/// <summary>A side effect requested by a <see cref="VirtualRouter"/>, carried out by the driver (Linux layer or simulation).</summary>
public readonly record struct RouterAction(
    RouterActionKind Kind,
    VirtualRouter Router,
    int Priority = 0,
    int Count = 0,
    RouterState From = RouterState.Initialize,
    RouterState To = RouterState.Initialize,
    TransitionReason Reason = default)
{
    public override string ToString() => Kind switch
    {
        RouterActionKind.SendAdvertisement => $"{Router.Name}: send advert priority {Priority}",
        RouterActionKind.SendGratuitousArpBurst => $"{Router.Name}: send {Count} gratuitous ARP/NA",
        RouterActionKind.RunNotify => $"{Router.Name}: notify {To}",
        RouterActionKind.StateChanged => $"{Router.Name}: {From} -> {To} ({Reason})",
        RouterActionKind.OwnerConflict => $"{Router.Name}: another router also claims priority 255 from {Reason.Peer}; lowering ours to 254",
        _ => $"{Router.Name}: {Kind}",
    };
}
