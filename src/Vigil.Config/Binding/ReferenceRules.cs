using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// Rules across blocks: names are unique, every reference points at something defined, VRIDs do not
/// collide. keepalived 2.2.7 drops a missing track script and runs the instance untracked; Vigil stops.
/// </summary>
internal static class ReferenceRules
{
    public static void Check(KeepalivedConfig config, BindContext c)
    {
        Unique(config.Instances, i => i.Name, i => i.Location, "vrrp_instance", c);
        Unique(config.Scripts, s => s.Name, s => s.Location, "vrrp_script", c);
        Unique(config.TrackFiles, f => f.Name, f => f.Location, "track_file", c);
        Unique(config.TrackProcesses, p => p.Name, p => p.Location, "vrrp_track_process", c);
        Unique(config.SyncGroups, g => g.Name, g => g.Location, "vrrp_sync_group", c);

        HashSet<string> scripts = [.. config.Scripts.Select(s => s.Name)];
        HashSet<string> files = [.. config.TrackFiles.Select(f => f.Name)];
        HashSet<string> processes = [.. config.TrackProcesses.Select(p => p.Name)];
        foreach (VrrpInstance instance in config.Instances)
        {
            Refs(instance.TrackScripts, scripts, "track script", "vrrp_script", c);
            Refs(instance.TrackFiles, files, "track file", "track_file", c);
            Refs(instance.TrackProcesses, processes, "tracked process", "vrrp_track_process", c);
        }

        HashSet<string> instances = [.. config.Instances.Select(i => i.Name)];
        var memberOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (VrrpSyncGroup group in config.SyncGroups)
        {
            Refs(group.TrackScripts, scripts, "track script", "vrrp_script", c);
            Refs(group.TrackFiles, files, "track file", "track_file", c);
            Refs(group.TrackProcesses, processes, "tracked process", "vrrp_track_process", c);
            foreach (string member in group.Instances)
            {
                if (!instances.Contains(member))
                {
                    Missing(member, group.Location, "instance", "vrrp_instance", instances, c, $"vrrp_sync_group {group.Name}");
                }
                else if (memberOf.TryGetValue(member, out string? other))
                {
                    c.Error(group.Location.Location, "duplicate", $"vrrp_instance {member} is in sync group {other} and in {group.Name}; an instance can be in only one",
                        $"remove {member} from one of the groups");
                }
                else
                {
                    memberOf[member] = group.Name;
                }
            }
        }

        foreach (TrackGroup group in config.TrackGroups)
        {
            foreach (string member in group.Instances.Where(m => !instances.Contains(m)))
            {
                Missing(member, group.Location, "instance", "vrrp_instance", instances, c, $"track_group {group.Name}");
            }
        }

        HashSet<string> trackGroups = [.. config.TrackGroups.Select(g => g.Name)];
        IEnumerable<(string? Group, SourceRef Location, string Block)> users = config.StaticIpAddresses.Select(a => (a.TrackGroup, a.Location, "static_ipaddress"))
            .Concat(config.StaticRoutes.Select(r => (r.TrackGroup, r.Location, "static_routes")))
            .Concat(config.StaticRules.Select(r => (r.TrackGroup, r.Location, "static_rules")));
        foreach ((string? group, SourceRef location, string block) in users.Where(u => u.Group is not null && !trackGroups.Contains(u.Group)))
        {
            Missing(group!, location, "track group", "track_group", trackGroups, c, block);
        }

        DuplicateVrids(config, c);
    }

    private static void Refs(ValueArray<TrackReference> references, HashSet<string> defined, string what, string block, BindContext c)
    {
        foreach (TrackReference reference in references)
        {
            if (!defined.Contains(reference.Name))
            {
                Missing(reference.Name, reference.Location, what, block, defined, c, null);
            }
        }
    }

    internal static void Missing(string name, SourceRef at, string what, string block, HashSet<string> defined, BindContext c, string? owner)
    {
        string? suggestion = EditDistance.Closest(name, defined);
        c.UndefinedReferences.Add((at.Location, block, name));
        c.Error(at.Location, "undefined-reference",
            $"{what} '{name}'{(owner is null ? "" : $" (in {owner})")} is not defined; keepalived would drop it and run without it",
            suggestion is not null ? $"did you mean '{suggestion}'?" : $"define it with '{block} {name} {{ … }}', or remove the reference");
    }

    private static void Unique<T>(ValueArray<T> items, Func<T, string> name, Func<T, SourceRef> at, string block, BindContext c)
    {
        var seen = new Dictionary<string, SourceRef>(StringComparer.Ordinal);
        foreach (T item in items)
        {
            if (!seen.TryAdd(name(item), at(item)))
            {
                c.Error(at(item).Location, "duplicate", $"{block} {name(item)} is defined twice (first at {seen[name(item)]})",
                    "rename one of them, or merge the two blocks");
            }
        }
    }

    /// <summary>Two instances with one VRID on one interface fight over the same virtual MAC and adverts (allowed by keepalived only with disjoint unicast peers or different multicast groups).</summary>
    private static void DuplicateVrids(KeepalivedConfig config, BindContext c)
    {
        var seen = new Dictionary<(string?, int, bool), VrrpInstance>();
        foreach (VrrpInstance instance in config.Instances.Where(i => i.VirtualRouterId != 0))
        {
            var key = (instance.Interface, instance.VirtualRouterId, instance.IsIPv6);
            if (!seen.TryGetValue(key, out VrrpInstance? first))
            {
                seen[key] = instance;
                continue;
            }

            bool disjointPeers = instance.IsUnicast && first.IsUnicast && !instance.UnicastPeers.Any(p => first.UnicastPeers.Any(q => q.Address.Equals(p.Address)));
            bool differentGroups = !Equals(instance.McastDestination, first.McastDestination);
            if (!disjointPeers && !differentGroups)
            {
                c.Error(instance.Location.Location, "duplicate-vrid",
                    $"vrrp_instance {instance.Name} uses virtual_router_id {instance.VirtualRouterId} on {instance.Interface ?? "its interface"}, like {first.Name} ({first.Location})",
                    "give each instance on one interface its own virtual_router_id");
            }
        }
    }
}
