using System.Net;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;

namespace Vigil.Config.Cluster;

/// <summary>
/// Checks the nodes of one cluster against each other: for every virtual router, what makes the nodes
/// disagree on the wire. Disagreements that make the nodes drop each other's adverts (authentication,
/// version, v2 advert interval, address list in keepalived 2.2.7, unicast peers that do not point at each
/// other, multicast group) split the brain and are errors; the rest are warnings. Pure: models in, diagnostics out.
/// </summary>
public static class ClusterChecker
{
    private const string SplitBrain = "each node drops the other's adverts, so both become MASTER and both hold the VIPs (split brain)";

    public static IReadOnlyList<Diagnostic> Check(IReadOnlyList<ClusterNode> nodes)
    {
        var diagnostics = new List<Diagnostic>();
        if (nodes.Count < 2)
        {
            return diagnostics;
        }

        var routers = new Dictionary<VirtualRouterKey, List<ClusterMember>>();
        foreach (ClusterNode node in nodes)
        {
            foreach (VrrpInstance instance in node.Config.Instances.Where(i => i.VirtualRouterId != 0))
            {
                var key = new VirtualRouterKey(instance.VirtualRouterId, instance.IsIPv6, instance.Interface);
                if (!routers.TryGetValue(key, out List<ClusterMember>? members))
                {
                    routers[key] = members = [];
                }

                members.Add(new ClusterMember(node, instance));
            }
        }

        foreach ((VirtualRouterKey key, List<ClusterMember> members) in routers.OrderBy(r => r.Key.VirtualRouterId))
        {
            if (members.Select(m => m.Node).Distinct().Count() < 2)
            {
                ClusterMember only = members[0];
                diagnostics.Add(Warning(only, "cluster-single-node", $"{key} is configured only on {only.Node.Label}; with no peer it is always MASTER",
                    "configure the same virtual_router_id on the other nodes (same interface name), or check for a typo in the VRID or interface"));
                continue;
            }

            CheckPairs(key, members, diagnostics);
            CheckPriorities(key, members, diagnostics);
        }

        return diagnostics;
    }

    private static void CheckPairs(VirtualRouterKey key, List<ClusterMember> members, List<Diagnostic> diagnostics)
    {
        ClusterMember first = members[0];
        foreach (ClusterMember other in members.Skip(1))
        {
            Authentication(key, first, other, diagnostics);
            VrrpInstance a = first.Instance, b = other.Instance;
            if (a.Version != b.Version)
            {
                diagnostics.Add(Error(other, "cluster-version",
                    $"{key}: {first.Name} speaks VRRPv{a.Version}, {other.Name} speaks VRRPv{b.Version}; {SplitBrain}",
                    "write the same 'version' (or global vrrp_version) on every node"));
            }
            else if (a.AdvertInterval != b.AdvertInterval)
            {
                // RFC 3768 §7.1: a v2 backup MUST discard adverts with another interval; v3 backups adopt the master's (RFC 5798 §6.4.2).
                string message = $"{key}: advert_int is {a.AdvertInterval.TotalSeconds} s on {first.Name} but {b.AdvertInterval.TotalSeconds} s on {other.Name}";
                diagnostics.Add(a.Version == 2
                    ? Error(other, "cluster-advert-int", $"{message}; VRRPv2 drops adverts with another interval, so {SplitBrain}", "write the same advert_int on every node")
                    : Warning(other, "cluster-advert-int", $"{message}; VRRPv3 backups adopt the master's interval, so failover time depends on who is master", "write the same advert_int on every node"));
            }

            Addresses(key, first, other, diagnostics);
            if (!Equals(a.McastDestination, b.McastDestination) && !a.IsUnicast && !b.IsUnicast)
            {
                diagnostics.Add(Error(other, "cluster-mcast-group",
                    $"{key}: {first.Name} sends to {a.McastDestination?.ToString() ?? "the default group"}, {other.Name} to {b.McastDestination?.ToString() ?? "the default group"}; they never hear each other, so {SplitBrain}",
                    "use the same mcast_dst_ip (or none) on every node"));
            }

            if (a.Preempt != b.Preempt)
            {
                ClusterMember without = a.Preempt ? first : other;
                diagnostics.Add(Warning(without, "cluster-nopreempt",
                    $"{key}: nopreempt is set on {(a.Preempt ? other.Name : first.Name)} but not on {without.Name}; a recovered higher-priority node without it still takes over",
                    "set nopreempt (with state BACKUP) on every node, or on none"));
            }
        }

        Unicast(key, members, diagnostics);
    }

    private static void Authentication(VirtualRouterKey key, ClusterMember first, ClusterMember other, List<Diagnostic> diagnostics)
    {
        Authentication? a = first.Instance.Authentication, b = other.Instance.Authentication;
        AuthType typeA = a?.Type ?? AuthType.None, typeB = b?.Type ?? AuthType.None;
        if (typeA != typeB)
        {
            diagnostics.Add(Error(other, "cluster-auth",
                $"{key}: {first.Name} uses {Describe(typeA)}, {other.Name} uses {Describe(typeB)}; {SplitBrain} (keepalived logs \"received a {(int)typeA} auth, expecting {(int)typeB}\")",
                "put the same authentication block on every node, or remove it from all of them (it is VRRPv2-only and cleartext anyway)"));
        }
        else if (a is not null && b is not null && a.Password != b.Password)
        {
            diagnostics.Add(Error(other, "cluster-auth",
                $"{key}: {first.Name} and {other.Name} use different auth_pass values (first 8 bytes compared); {SplitBrain}",
                "write the same auth_pass on every node"));
        }
    }

    private static string Describe(AuthType type) => type switch
    {
        AuthType.None => "no authentication",
        AuthType.Pass => "auth_type PASS",
        _ => "auth_type AH",
    };

    private static void Addresses(VirtualRouterKey key, ClusterMember first, ClusterMember other, List<Diagnostic> diagnostics)
    {
        HashSet<IPAddress> a = [.. first.Instance.VirtualIpAddresses.Select(v => v.Address)];
        HashSet<IPAddress> b = [.. other.Instance.VirtualIpAddresses.Select(v => v.Address)];
        if (a.SetEquals(b))
        {
            return;
        }

        string onlyA = string.Join(", ", a.Except(b)), onlyB = string.Join(", ", b.Except(a));
        diagnostics.Add(Error(other, "cluster-vips",
            $"{key}: the virtual_ipaddress lists differ (only on {first.Name}: {(onlyA.Length > 0 ? onlyA : "none")}; only on {other.Name}: {(onlyB.Length > 0 ? onlyB : "none")}); keepalived 2.2.7 drops adverts whose address list differs, so {SplitBrain}",
            "write the same virtual_ipaddress list on every node (node-specific addresses go in virtual_ipaddress_excluded)"));
    }

    private static void Unicast(VirtualRouterKey key, List<ClusterMember> members, List<Diagnostic> diagnostics)
    {
        foreach (ClusterMember sender in members)
        {
            foreach (ClusterMember receiver in members.Where(m => m != sender && m.Node != sender.Node))
            {
                VrrpInstance s = sender.Instance, r = receiver.Instance;
                if (s.IsUnicast != r.IsUnicast)
                {
                    if (s.IsUnicast)
                    {
                        diagnostics.Add(Error(receiver, "cluster-unicast",
                            $"{key}: {sender.Name} uses unicast_peer but {receiver.Name} uses multicast; {SplitBrain}",
                            "use unicast_peer on every node (each listing the others), or on none"));
                    }

                    continue;
                }

                if (s.IsUnicast && r.SourceAddress is { } source && !s.UnicastPeers.Any(p => p.Address.Equals(source)))
                {
                    diagnostics.Add(Error(sender, "cluster-unicast",
                        $"{key}: the unicast_peer list of {sender.Name} does not contain {source}, the source address of {receiver.Name}; {receiver.Name} never hears {sender.Node.Label}, so {SplitBrain}",
                        $"add {source} to unicast_peer on {sender.Node.Label} (or fix unicast_src_ip on {receiver.Node.Label})"));
                }
            }
        }
    }

    private static void CheckPriorities(VirtualRouterKey key, List<ClusterMember> members, List<Diagnostic> diagnostics)
    {
        foreach (IGrouping<int, ClusterMember> same in members.GroupBy(m => m.Instance.Priority).Where(g => g.Count() > 1))
        {
            ClusterMember[] tied = [.. same];
            string names = string.Join(" and ", tied.Select(m => m.Name));
            if (same.Key == 255)
            {
                diagnostics.Add(Error(tied[1], "cluster-owner",
                    $"{key}: {names} all claim to be the address owner (priority 255); both start as MASTER and keepalived lowers one to 254 only after seeing the other",
                    "give priority 255 to at most one node (or none), e.g. 150 and 100"));
            }
            else if (tied.Count(m => m.Instance.State == InitialState.Master) > 1)
            {
                diagnostics.Add(Warning(tied[1], "cluster-master",
                    $"{key}: {names} all start as MASTER with priority {same.Key}; the higher primary IP address wins, so which node is master depends on addressing, not on the config",
                    "give the preferred master a higher priority, and 'state BACKUP' to the others"));
            }
            else
            {
                diagnostics.Add(Warning(tied[1], "cluster-priority",
                    $"{key}: {names} have the same priority {same.Key}; ties are broken by the higher primary IP address",
                    "give each node a different priority (e.g. 150 and 100)"));
            }
        }
    }

    private static Diagnostic Error(ClusterMember at, string code, string message, string hint) =>
        new(Severity.Error, at.Instance.Location.Location, code, message, hint);

    private static Diagnostic Warning(ClusterMember at, string code, string message, string hint) =>
        new(Severity.Warning, at.Instance.Location.Location, code, message, hint);
}
