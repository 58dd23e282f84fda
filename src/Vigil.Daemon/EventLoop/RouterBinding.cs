using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Core.Tracking;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// One virtual router as the loop drives it: the pure state machine, the interface its adverts
/// arrive on, what a valid advert for it looks like, and its receive counters.
/// </summary>
public sealed class RouterBinding
{
    public RouterBinding(VirtualRouter router, int interfaceIndex, ReceiveExpectation expectation)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(expectation);
        Router = router;
        InterfaceIndex = interfaceIndex;
        Expectation = expectation;
        Family = router.Options.PrimaryAddress.Family;
        Info = InstanceInfo.FromOptions(router.Options);
        Tracking = new InstanceTracking(router.Name, router.Options.Priority, []);
    }

    public VirtualRouter Router { get; }

    /// <summary>The interface's index; 0 while it does not exist (dynamic_interfaces). The loop moves it when the interface is created again.</summary>
    public int InterfaceIndex { get; set; }

    /// <summary>
    /// Where its adverts arrive: the instance's VMAC for a multicast use_vmac instance without vmac_xmit_base
    /// (VrrpDaemon.Prepare says why), else 0, meaning <see cref="InterfaceIndex"/>.
    /// </summary>
    public int VmacReceiveIndex { get; set; }

    /// <summary>The interface index its adverts carry (the packet's IP_PKTINFO).</summary>
    public int ReceiveInterfaceIndex => VmacReceiveIndex != 0 ? VmacReceiveIndex : InterfaceIndex;

    public IpFamily Family { get; }

    public ReceiveExpectation Expectation { get; }

    public ReceiveCounters Counters { get; init; } = new(); // a reload that keeps the router keeps its counters

    /// <summary>Sent adverts, transitions and history (status, dumps and metrics read them through snapshots).</summary>
    public InstanceStatistics Statistics { get; } = new();

    /// <summary>The configured facts that status shows (interface name, VIPs, authentication type but never the password).</summary>
    public InstanceInfo Info { get; set; } // the loop updates SourceAddress when the source follows a new primary address

    /// <summary>
    /// The instance's trackers (TrackingPlan), their latest readings, base and effective priority and
    /// the faults they hold. Owned by the loop: read it only from the loop's thread (or a snapshot it takes).
    /// </summary>
    public InstanceTracking Tracking { get; init; }

    /// <summary>False for <c>dont_track_primary</c>: the instance's own interface going down does not put it in FAULT.</summary>
    public bool TrackPrimaryInterface { get; init; } = true;

    /// <summary>
    /// The addresses this router adds as master (virtual_ipaddress and virtual_ipaddress_excluded, by interface): one
    /// without no_track that disappears while master was deleted by someone else (VrrpEventLoop.Addresses.cs).
    /// </summary>
    public IReadOnlyList<VirtualAddress> VirtualAddresses { get; set; } = []; // set again when the interface is created again (new index)

    /// <summary>
    /// True when neither mcast_src_ip nor unicast_src_ip is configured: the advert source is the interface's primary
    /// address and follows it when it changes; with none left the router goes to FAULT.
    /// </summary>
    public bool SourceFollowsPrimary { get; init; }

    /// <summary>A configuration fault the instance never leaves (keepalived num_config_faults), e.g. unicast_fault_no_peer without peers; null when none.</summary>
    public string? ConfigFault { get; init; }

    /// <summary>
    /// Start-up only: the loop clock's timestamp (<see cref="TimeProvider.GetTimestamp"/>) from which the instance's socket
    /// held its adverts (opened, group joined); the first Master_Down timer counts from it. Null: from the loop's start.
    /// </summary>
    public long? ListeningSinceTimestamp { get; set; }

    /// <summary><c>notify_deleted</c>: a reload that removes the instance announces DELETED rather than keepalived's default FAULT.</summary>
    public bool NotifyDeleted { get; init; }

    /// <summary>Set once a reload removes the instance: its last step (Shutdown) is then announced as deleted, not as STOP.</summary>
    public bool Removed { get; set; }

    /// <summary>
    /// <c>track_src_ip</c> with mcast_src_ip/unicast_src_ip: FAULT while that address is not on the instance's interface
    /// (keepalived clears the flag when the source is not configured, as it then follows the primary address anyway).
    /// </summary>
    public bool TrackSourceAddress { get; init; }

    /// <summary><c>notify_priority_changes</c> (resolved with its sync group and global_defs): effective-priority changes go to the notify FIFOs.</summary>
    public bool NotifyPriorityChanges { get; init; }
}
