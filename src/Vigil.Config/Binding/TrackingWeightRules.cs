using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// keepalived 2.2.7 (vrrp.c vrrp_complete_instance) ignores the weight of an instance's own tracked interfaces,
/// scripts and files when the instance is the address owner (priority 255, its priority never moves) or in a sync
/// group without <c>sync_group_tracking_weight</c>: weighted scripts and files are dropped, interfaces and files of
/// weight 1 become unweighted. <c>vigil run</c> does the same (TrackingPlan); <c>vigil check</c> says so beforehand,
/// as "ignored-setting" (<c>vigil -t</c> exits 5). A sync group of one instance is reported as keepalived does.
/// </summary>
internal static class TrackingWeightRules
{
    public static void Check(KeepalivedConfig config, BindContext c)
    {
        var groupOf = new Dictionary<string, VrrpSyncGroup>(StringComparer.Ordinal);
        foreach (VrrpSyncGroup group in config.SyncGroups)
        {
            foreach (string member in group.Instances)
            {
                groupOf.TryAdd(member, group);
            }

            GroupTrackersOfOwner(config, group, c);
            if (group.Instances.Count == 1)
            {
                c.Warning(group.Location.Location, "sync-group-single",
                    $"vrrp_sync_group {group.Name} has only one instance ({group.Instances[0]}); keepalived reports this as a config error, and the group still takes the weights off its member's trackers",
                    "add the instance that must move with it, or remove the vrrp_sync_group block");
            }
        }

        foreach (VrrpInstance instance in config.Instances)
        {
            bool inUnweightedGroup = groupOf.TryGetValue(instance.Name, out VrrpSyncGroup? group) && !group!.SyncGroupTrackingWeight;
            string? why = inUnweightedGroup ? $"it is in vrrp_sync_group {group!.Name} without sync_group_tracking_weight"
                : instance.IsAddressOwner ? "it is the address owner (priority 255), whose priority never moves"
                : null;
            if (why is null)
            {
                continue;
            }

            string hint = inUnweightedGroup
                ? $"write 'weight 0' to make the tracker take the group to FAULT, or add sync_group_tracking_weight to vrrp_sync_group {group!.Name}"
                : "write 'weight 0' to make the tracker take the instance to FAULT, or lower the priority below 255";
            foreach (TrackedInterface tracked in instance.TrackInterfaces.Where(t => t.Weight != 0))
            {
                string effect = inUnweightedGroup ? "it is tracked unweighted (down means FAULT)" : "it is not tracked at all";
                Ignored(c, tracked.Location, $"track_interface {tracked.Name} weight {tracked.Weight}", effect, instance.Name, why, hint);
            }

            foreach (TrackReference reference in instance.TrackScripts)
            {
                int weight = ScriptWeight(config, reference);
                if (weight != 0)
                {
                    Ignored(c, reference.Location, $"track_script {reference.Name} (weight {weight})", "the script is not tracked at all", instance.Name, why, hint);
                }
            }

            foreach (TrackReference reference in instance.TrackFiles)
            {
                int weight = FileWeight(config, reference);
                if (weight != 0)
                {
                    Ignored(c, reference.Location, $"track_file {reference.Name} (weight {weight})",
                        weight == 1 ? "it is tracked unweighted (a non-zero value means FAULT)" : "the file is not tracked at all", instance.Name, why, hint);
                }
            }
        }
    }

    /// <summary>keepalived (sync_group_tracking_init) clears the weights of the group's own trackers when a member is an address owner.</summary>
    private static void GroupTrackersOfOwner(KeepalivedConfig config, VrrpSyncGroup group, BindContext c)
    {
        VrrpInstance? owner = config.Instances.FirstOrDefault(i => i.IsAddressOwner && group.Instances.Contains(i.Name));
        if (owner is null)
        {
            return;
        }

        IEnumerable<(SourceRef At, string What, int Weight)> weighted = group.TrackInterfaces.Select(t => (t.Location, $"track_interface {t.Name}", t.Weight))
            .Concat(group.TrackScripts.Select(r => (r.Location, $"track_script {r.Name}", ScriptWeight(config, r))))
            .Concat(group.TrackFiles.Select(r => (r.Location, $"track_file {r.Name}", FileWeight(config, r))));
        foreach ((SourceRef at, string what, int weight) in weighted.Where(w => w.Weight != 0))
        {
            c.Warning(at.Location, "ignored-setting",
                $"the weight {weight} of {what} in vrrp_sync_group {group.Name} is cleared to 0 because member {owner.Name} is the address owner (priority 255): it is tracked unweighted (down means FAULT), as in keepalived",
                $"write 'weight 0', or give {owner.Name} a priority below 255");
        }
    }

    /// <summary>The reference's own weight wins over the tracked object's (keepalived, and TrackingPlan at run time).</summary>
    private static int ScriptWeight(KeepalivedConfig config, TrackReference r) => r.Weight ?? config.Scripts.FirstOrDefault(s => s.Name == r.Name)?.Weight ?? 0;

    private static int FileWeight(KeepalivedConfig config, TrackReference r) => r.Weight ?? config.TrackFiles.FirstOrDefault(f => f.Name == r.Name)?.Weight ?? 0;

    private static void Ignored(BindContext c, SourceRef at, string what, string effect, string instance, string why, string hint) =>
        c.Warning(at.Location, "ignored-setting", $"the weight of {what} in vrrp_instance {instance} is ignored because {why}: {effect}, as in keepalived", hint);
}
