using Vigil.Config.Model;
using Vigil.Core.StateMachine;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Sync groups on a reload. A running router cannot change its group (the group's state is made of its
/// members' states), so a group whose member list changed, that is new, or one of whose members must be
/// re-created anyway is <em>re-formed</em>: every member of it (and every instance that was in the old
/// group of that name, or in a group that is gone) is re-created, masters first sending priority 0 and
/// releasing their VIPs, like any re-created instance, and the new members start together in a fresh
/// group. keepalived's reload likewise rebuilds its sync groups from the new configuration. A group
/// whose members stay the same but whose own trackers, notify scripts or sync_group_tracking_weight
/// changed keeps running: its members are updated in place (their tracking includes the group's
/// trackers), and the notify dispatcher gets the new scripts.
/// </summary>
public sealed partial class VrrpDaemon
{
    private static GroupReload PlanGroups(KeepalivedConfig old, KeepalivedConfig updated)
    {
        var oldGroups = old.SyncGroups.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var oldInstances = old.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var newInstances = updated.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var reformed = new Dictionary<string, SyncGroup>(StringComparer.Ordinal);
        var retracked = new HashSet<string>(StringComparer.Ordinal);
        foreach (VrrpSyncGroup group in updated.SyncGroups)
        {
            bool sameMembers = oldGroups.TryGetValue(group.Name, out VrrpSyncGroup? before)
                && before.Instances.ToHashSet(StringComparer.Ordinal).SetEquals(group.Instances);
            bool memberRecreated = group.Instances.Any(name => !newInstances.TryGetValue(name, out VrrpInstance? instance)
                || !oldInstances.TryGetValue(name, out VrrpInstance? previous)
                || ChangeOf(previous, old, instance, updated) == InstanceChangeKind.Recreate);
            if (!sameMembers || memberRecreated)
            {
                reformed.Add(group.Name, new SyncGroup(group.Name));
            }
            else if (before! with { Location = group.Location } != group)
            {
                retracked.UnionWith(group.Instances);
            }
        }

        var regrouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (VrrpInstance instance in updated.Instances)
        {
            bool inReformed = SyncGroupOf(updated, instance.Name) is string now && reformed.ContainsKey(now);
            bool leftOldGroup = SyncGroupOf(old, instance.Name) is string then && (reformed.ContainsKey(then) || !updated.SyncGroups.Any(g => g.Name == then));
            if (oldInstances.ContainsKey(instance.Name) && (inReformed || leftOldGroup))
            {
                regrouped.Add(instance.Name);
            }
        }

        return new GroupReload(reformed, regrouped, retracked);
    }

    /// <summary>How a reload treats an instance in both configurations, the multicast group included (it is global_defs' unless set).</summary>
    private static InstanceChangeKind ChangeOf(VrrpInstance before, KeepalivedConfig old, VrrpInstance instance, KeepalivedConfig updated) =>
        MulticastGroup(before, old).Equals(MulticastGroup(instance, updated))
            ? InstanceChange.Classify(before, instance)
            : InstanceChangeKind.Recreate;

    /// <summary>A reload's sync group decisions.</summary>
    /// <param name="Reformed">New group objects for the groups that are re-formed, by name; their members are created into them.</param>
    /// <param name="Regrouped">Running instances re-created because their group is re-formed or gone.</param>
    /// <param name="Retracked">Members of a kept group whose group settings changed: updated in place at least.</param>
    private sealed record GroupReload(IReadOnlyDictionary<string, SyncGroup> Reformed, IReadOnlySet<string> Regrouped, IReadOnlySet<string> Retracked)
    {
        /// <summary>The group a new or re-created instance joins: its re-formed group, or none.</summary>
        public SyncGroup? For(KeepalivedConfig config, string instance) =>
            SyncGroupOf(config, instance) is string name && Reformed.TryGetValue(name, out SyncGroup? group) ? group : null;

        /// <summary>The change after the group decisions: regrouped instances are re-created, retracked ones at least updated in place.</summary>
        public InstanceChangeKind Adjust(string instance, InstanceChangeKind change) =>
            Regrouped.Contains(instance) ? InstanceChangeKind.Recreate
            : change == InstanceChangeKind.Unchanged && Retracked.Contains(instance) ? InstanceChangeKind.InPlace
            : change;
    }
}
