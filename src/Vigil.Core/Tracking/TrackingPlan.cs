using Vigil.Config.Model;

namespace Vigil.Core.Tracking;

/// <summary>
/// Resolves which trackers an instance uses and with which weights, applying keepalived's rules
/// (vrrp.c vrrp_complete_instance and sync_group_tracking_init):
/// <list type="bullet">
/// <item>An entry's own weight wins over the tracked object's; without one, the object's weight and reverse apply.</item>
/// <item>In a sync group without <c>sync_group_tracking_weight</c> the instance's own weighted trackers
/// lose their weight: interfaces become unweighted, weighted scripts are dropped, track_files with the
/// default weight 1 become unweighted and other weighted ones are dropped. keepalived leaves the
/// instance's track_process weights alone here, and so do we.</item>
/// <item>An address owner (priority 255) drops weighted interfaces, scripts and files the same way; its priority never moves anyway.</item>
/// <item>The sync group's own trackers apply to every member with their weights, cleared to 0 if any member is an address owner.</item>
/// </list>
/// Each dropped or changed entry is reported as a warning, as keepalived logs a config error.
/// </summary>
public static class TrackingPlan
{
    public static IReadOnlyList<TrackerBinding> For(VrrpInstance instance, KeepalivedConfig config, ICollection<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(warnings);
        VrrpSyncGroup? group = null;
        foreach (VrrpSyncGroup candidate in config.SyncGroups)
        {
            if (candidate.Instances.Contains(instance.Name))
            {
                group = candidate;
                break;
            }
        }

        bool inUnweightedGroup = group is { SyncGroupTrackingWeight: false };
        bool owner = instance.Priority == EffectivePriority.Owner;
        string why = inUnweightedGroup ? $"sync group {group!.Name}" : "address owner (priority 255)";
        var bindings = new List<TrackerBinding>();

        foreach (TrackedInterface tracked in instance.TrackInterfaces)
        {
            var binding = new TrackerBinding(TrackerKey.Interface(tracked.Name), tracked.Weight, tracked.Reverse);
            if (binding.Weight != 0 && (inUnweightedGroup || owner))
            {
                warnings.Add($"{instance.Name}: ignoring the weight of tracked interface {tracked.Name} because of the {why}");
                if (!inUnweightedGroup)
                {
                    continue;
                }
                binding = binding with { Weight = 0 };
            }
            bindings.Add(binding);
        }

        foreach (TrackReference reference in instance.TrackScripts)
        {
            if (Resolve(reference, FindScript(config, reference.Name)) is not { } binding)
            {
                continue;
            }
            if (binding.Weight != 0 && (inUnweightedGroup || owner))
            {
                warnings.Add($"{instance.Name}: ignoring weighted tracked script {reference.Name} because of the {why}");
                continue;
            }
            bindings.Add(binding);
        }

        foreach (TrackReference reference in instance.TrackFiles)
        {
            if (Resolve(reference, FindFile(config, reference.Name)) is not { } binding)
            {
                continue;
            }
            if (binding.Weight != 0 && (inUnweightedGroup || owner))
            {
                if (binding.Weight == 1)
                {
                    warnings.Add($"{instance.Name}: tracked file {reference.Name} is unweighted because of the {why}; write 'weight 0'");
                    binding = binding with { Weight = 0 };
                }
                else
                {
                    warnings.Add($"{instance.Name}: ignoring tracked file {reference.Name} with weight {binding.Weight} because of the {why}");
                    continue;
                }
            }
            bindings.Add(binding);
        }

        foreach (TrackReference reference in instance.TrackProcesses)
        {
            if (Resolve(reference, FindProcess(config, reference.Name)) is { } binding)
            {
                bindings.Add(binding);
            }
        }

        if (group is not null)
        {
            AddGroupTrackers(group, config, bindings, warnings);
        }

        foreach (string name in ImpliedInterfaces(instance).Concat(StaticTrackGroupInterfaces(instance, config)))
        {
            if (!bindings.Exists(b => b.Key == TrackerKey.Interface(name)))
            {
                bindings.Add(new TrackerBinding(TrackerKey.Interface(name), 0, false));
            }
        }

        return bindings;
    }

    /// <summary>
    /// The interfaces keepalived tracks without a track_interface line (vrrp.c vrrp_complete_instance, TRACK_ADDR,
    /// TRACK_ROUTE, TRACK_RULE), unweighted: the 'dev' of each virtual_ipaddress(_excluded) line and virtual_route, and
    /// the iif/oif of each virtual_rule, that is not the instance's own interface, unless the line says no_track.
    /// One that is down or missing (dynamic_interfaces) holds the instance in FAULT, as its own interface would.
    /// </summary>
    public static IEnumerable<string> ImpliedInterfaces(VrrpInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var names = new List<string>();
        void Add(string? name, bool noTrack)
        {
            if (name is not null && !noTrack && name != instance.Interface && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        foreach (AddressEntry address in instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded))
        {
            Add(address.Device, address.NoTrack);
        }

        foreach (RouteEntry route in instance.VirtualRoutes)
        {
            Add(route.Device, route.NoTrack);
        }

        foreach (RuleEntry rule in instance.VirtualRules)
        {
            Add(rule.InputInterface, rule.NoTrack);
            Add(rule.OutputInterface, rule.NoTrack);
        }

        return names;
    }

    /// <summary>
    /// The interfaces of the static entries whose <c>track_group</c> lists this instance (keepalived 2.2.7
    /// vrrp_static_track.c static_track_group_init, TRACK_SADDR/SROUTE/SRULE): a static address's dev (else
    /// default_interface), a static route's dev, a static rule's iif, unless the line says no_track. Unweighted: while
    /// one is down or missing the instance is in FAULT. The instance's own interface is already tracked, unless
    /// dont_track_primary, which keepalived's unweighted TRACK_SADDR entry then overrides.
    /// </summary>
    public static IEnumerable<string> StaticTrackGroupInterfaces(VrrpInstance instance, KeepalivedConfig config)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(config);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (TrackGroup group in config.TrackGroups)
        {
            if (group.Instances.Contains(instance.Name))
            {
                groups.Add(group.Name);
            }
        }

        var names = new List<string>();
        void Add(string? group, string? name, bool noTrack)
        {
            if (group is not null && groups.Contains(group) && name is not null && !noTrack && !names.Contains(name)
                && (name != instance.Interface || instance.DontTrackPrimary))
            {
                names.Add(name);
            }
        }

        if (groups.Count == 0)
        {
            return names;
        }

        foreach (AddressEntry address in config.StaticIpAddresses)
        {
            Add(address.TrackGroup, address.Device ?? config.Global.DefaultInterface, address.NoTrack);
        }

        foreach (RouteEntry route in config.StaticRoutes)
        {
            Add(route.TrackGroup, route.Device, route.NoTrack);
        }

        foreach (RuleEntry rule in config.StaticRules)
        {
            Add(rule.TrackGroup, rule.InputInterface, rule.NoTrack);
        }

        return names;
    }

    private static void AddGroupTrackers(VrrpSyncGroup group, KeepalivedConfig config, List<TrackerBinding> bindings, ICollection<string> warnings)
    {
        bool hasOwner = false;
        foreach (VrrpInstance member in config.Instances)
        {
            hasOwner |= member.Priority == EffectivePriority.Owner && group.Instances.Contains(member.Name);
        }

        void Add(TrackerBinding? resolved)
        {
            if (resolved is not { } binding)
            {
                return;
            }
            if (hasOwner && binding.Weight != 0)
            {
                warnings.Add($"{group.Name}: weight of tracked {binding.Key} cleared because a member has priority 255");
                binding = binding with { Weight = 0 };
            }
            bindings.Add(binding);
        }

        foreach (TrackedInterface tracked in group.TrackInterfaces)
        {
            Add(new TrackerBinding(TrackerKey.Interface(tracked.Name), tracked.Weight, tracked.Reverse));
        }
        foreach (TrackReference reference in group.TrackScripts)
        {
            Add(Resolve(reference, FindScript(config, reference.Name)));
        }
        foreach (TrackReference reference in group.TrackFiles)
        {
            Add(Resolve(reference, FindFile(config, reference.Name)));
        }
        foreach (TrackReference reference in group.TrackProcesses)
        {
            Add(Resolve(reference, FindProcess(config, reference.Name)));
        }
    }

    private static TrackerBinding? Resolve(TrackReference reference, (TrackerKey Key, int Weight, bool Reverse)? target) =>
        target is not { } found ? null
        : reference.Weight is { } weight ? new TrackerBinding(found.Key, weight, reference.Reverse)
        : new TrackerBinding(found.Key, found.Weight, found.Reverse);

    private static (TrackerKey, int, bool)? FindScript(KeepalivedConfig config, string name)
    {
        foreach (VrrpScript script in config.Scripts)
        {
            if (script.Name == name)
            {
                return (TrackerKey.Script(name), script.Weight, script.WeightReverse);
            }
        }
        return null;
    }

    private static (TrackerKey, int, bool)? FindFile(KeepalivedConfig config, string name)
    {
        foreach (TrackFile file in config.TrackFiles)
        {
            if (file.Name == name)
            {
                return (TrackerKey.File(name), file.Weight, file.Reverse);
            }
        }
        return null;
    }

    private static (TrackerKey, int, bool)? FindProcess(KeepalivedConfig config, string name)
    {
        foreach (TrackProcess process in config.TrackProcesses)
        {
            if (process.Name == name)
            {
                return (TrackerKey.Process(name), process.Weight, process.Reverse);
            }
        }
        return null;
    }
}
