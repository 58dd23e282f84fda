namespace Vigil.Config.Model;

/// <summary>
/// <c>vrrp_sync_group NAME { group { VI_a … } track_* notify* }</c>: instances that change state together.
/// While in a group an instance's own tracking weights count as 0 unless
/// <see cref="SyncGroupTrackingWeight"/> is set (keepalived.conf(5)).
/// </summary>
public sealed record VrrpSyncGroup(string Name, ValueArray<string> Instances, SourceRef Location)
{
    public ValueArray<TrackedInterface> TrackInterfaces { get; init; } = ValueArray<TrackedInterface>.Empty;

    public ValueArray<TrackReference> TrackScripts { get; init; } = ValueArray<TrackReference>.Empty;

    public ValueArray<TrackReference> TrackFiles { get; init; } = ValueArray<TrackReference>.Empty;

    public ValueArray<TrackReference> TrackProcesses { get; init; } = ValueArray<TrackReference>.Empty;

    public NotifyScripts Notify { get; init; } = NotifyScripts.None;

    /// <summary>
    /// <c>notify_priority_changes</c> of the group; null when not set. A member instance without its own
    /// setting takes it, before global <c>vrrp_notify_priority_changes</c> (keepalived vrrp.c, vrrp_complete_instance).
    /// </summary>
    public bool? NotifyPriorityChanges { get; init; }

    public bool SmtpAlert { get; init; }

    public bool SyncGroupTrackingWeight { get; init; }
}
