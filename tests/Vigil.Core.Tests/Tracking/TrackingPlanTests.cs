using System.Collections.Immutable;
using Vigil.Config.Model;
using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>Which trackers an instance uses, with keepalived's sync-group and owner rules (vrrp.c).</summary>
public class TrackingPlanTests
{
    private static readonly SourceRef s_at = SourceRef.None;

    private static ValueArray<T> V<T>(params T[] items) => ImmutableArray.Create(items);

    private static KeepalivedConfig Config(VrrpInstance instance, VrrpSyncGroup? group = null) => new()
    {
        Scripts = V(new VrrpScript("chk", "/bin/true", s_at) { Weight = -20 }, new VrrpScript("gate", "/bin/true", s_at)),
        TrackFiles = V(new TrackFile("tf", "/run/tf", s_at), new TrackFile("tf5", "/run/tf5", s_at) { Weight = 5 }),
        TrackProcesses = V(new TrackProcess("nginx", "nginx", s_at) { Weight = 10 }),
        Instances = V(instance),
        SyncGroups = group is null ? V<VrrpSyncGroup>() : V(group),
    };

    private static VrrpInstance Instance(int priority = 100) => new("VI_1", s_at)
    {
        Priority = priority,
        TrackInterfaces = V(new TrackedInterface("eth1", 10, false, s_at)),
        TrackScripts = V(new TrackReference("chk", null, false, s_at), new TrackReference("gate", null, false, s_at)),
        TrackFiles = V(new TrackReference("tf", null, false, s_at), new TrackReference("tf5", null, false, s_at)),
        TrackProcesses = V(new TrackReference("nginx", null, false, s_at)),
    };

    [Fact]
    public void For_PlainInstance_UsesObjectWeights()
    {
        var instance = Instance();
        var bindings = TrackingPlan.For(instance, Config(instance), new List<string>());
        Assert.Equal(
            [
                new TrackerBinding(TrackerKey.Interface("eth1"), 10, false),
                new TrackerBinding(TrackerKey.Script("chk"), -20, false),
                new TrackerBinding(TrackerKey.Script("gate"), 0, false),
                new TrackerBinding(TrackerKey.File("tf"), 1, false),
                new TrackerBinding(TrackerKey.File("tf5"), 5, false),
                new TrackerBinding(TrackerKey.Process("nginx"), 10, false),
            ],
            bindings);
    }

    [Fact]
    public void For_VipRouteAndRuleDevices_TrackedUnweightedUnlessNoTrackOrTheInstancesOwn()
    {
        var instance = Instance() with
        {
            Interface = "eth0",
            VirtualIpAddresses = V(
                new AddressEntry(System.Net.IPAddress.Parse("192.0.2.10"), 24, s_at) { Device = "eth2" },
                new AddressEntry(System.Net.IPAddress.Parse("192.0.2.11"), 24, s_at) { Device = "eth0" },
                new AddressEntry(System.Net.IPAddress.Parse("192.0.2.12"), 24, s_at) { Device = "eth3", NoTrack = true },
                new AddressEntry(System.Net.IPAddress.Parse("192.0.2.13"), 24, s_at) { Device = "eth1" }),
            VirtualRoutes = V(new RouteEntry("198.51.100.0/24", s_at) { Device = "eth4" }, new RouteEntry("203.0.113.0/24", s_at) { Device = "eth2" }),
            VirtualRules = V(new RuleEntry(s_at) { InputInterface = "eth5", OutputInterface = "eth6", NoTrack = true }),
        };

        var bindings = TrackingPlan.For(instance, Config(instance), new List<string>());

        // keepalived vrrp_complete_instance: TRACK_ADDR / TRACK_ROUTE / TRACK_RULE, weight 0; eth1 keeps its track_interface weight.
        Assert.Contains(new TrackerBinding(TrackerKey.Interface("eth2"), 0, false), bindings);
        Assert.Contains(new TrackerBinding(TrackerKey.Interface("eth4"), 0, false), bindings);
        Assert.Single(bindings, b => b.Key == TrackerKey.Interface("eth1"));
        Assert.Single(bindings, b => b.Key == TrackerKey.Interface("eth2"));
        Assert.DoesNotContain(bindings, b => b.Key.Name is "eth0" or "eth3" or "eth5" or "eth6");
    }

    [Fact]
    public void For_EntryWeight_OverridesObjectWeight()
    {
        var instance = Instance() with { TrackScripts = V(new TrackReference("chk", 30, true, s_at)) };
        var bindings = TrackingPlan.For(instance, Config(instance), new List<string>());
        Assert.Contains(new TrackerBinding(TrackerKey.Script("chk"), 30, true), bindings);
    }

    [Fact]
    public void For_InSyncGroupWithoutTrackingWeight_DropsOrUnweightsInstanceWeights()
    {
        var instance = Instance();
        var warnings = new List<string>();
        var group = new VrrpSyncGroup("G", V("VI_1"), s_at) { TrackScripts = V(new TrackReference("chk", null, false, s_at)) };
        var bindings = TrackingPlan.For(instance, Config(instance, group), warnings);
        Assert.Equal(
            [
                new TrackerBinding(TrackerKey.Interface("eth1"), 0, false),
                new TrackerBinding(TrackerKey.Script("gate"), 0, false),
                new TrackerBinding(TrackerKey.File("tf"), 0, false),
                new TrackerBinding(TrackerKey.Process("nginx"), 10, false),
                new TrackerBinding(TrackerKey.Script("chk"), -20, false),
            ],
            bindings);
        Assert.Equal(4, warnings.Count);
    }

    [Fact]
    public void For_InSyncGroupWithTrackingWeight_KeepsWeights()
    {
        var instance = Instance();
        var group = new VrrpSyncGroup("G", V("VI_1"), s_at) { SyncGroupTrackingWeight = true };
        var bindings = TrackingPlan.For(instance, Config(instance, group), new List<string>());
        Assert.Equal(6, bindings.Count);
        Assert.Contains(new TrackerBinding(TrackerKey.Script("chk"), -20, false), bindings);
    }

    [Fact]
    public void For_GroupWithOwnerMember_ClearsGroupTrackerWeights()
    {
        var instance = Instance(priority: 255) with { TrackInterfaces = V<TrackedInterface>(), TrackScripts = V<TrackReference>(), TrackFiles = V<TrackReference>(), TrackProcesses = V<TrackReference>() };
        var group = new VrrpSyncGroup("G", V("VI_1"), s_at) { SyncGroupTrackingWeight = true, TrackScripts = V(new TrackReference("chk", null, false, s_at)) };
        var warnings = new List<string>();
        var bindings = TrackingPlan.For(instance, Config(instance, group), warnings);
        Assert.Equal([new TrackerBinding(TrackerKey.Script("chk"), 0, false)], bindings);
        Assert.Single(warnings);
    }

    [Fact]
    public void For_AddressOwner_DropsWeightedInterfacesAndScripts()
    {
        var instance = Instance(priority: 255);
        var bindings = TrackingPlan.For(instance, Config(instance), new List<string>());
        Assert.DoesNotContain(bindings, b => b.Key == TrackerKey.Interface("eth1"));
        Assert.DoesNotContain(bindings, b => b.Key == TrackerKey.Script("chk"));
    }

    [Fact]
    public void For_MemberOfAStaticTrackGroup_TracksTheStaticEntriesInterfacesUnweighted()
    {
        var member = new VrrpInstance("VI_1", s_at) { Interface = "eth0" };
        var other = new VrrpInstance("VI_2", s_at) { Interface = "eth0" };
        var config = new KeepalivedConfig
        {
            Global = new GlobalDefs { DefaultInterface = "eth9" },
            Instances = V(member, other),
            TrackGroups = V(new TrackGroup("G", V("VI_1"), s_at)),
            StaticIpAddresses = V(
                new AddressEntry(System.Net.IPAddress.Parse("203.0.113.1"), 32, s_at) { TrackGroup = "G" },
                new AddressEntry(System.Net.IPAddress.Parse("203.0.113.2"), 32, s_at) { Device = "eth3", TrackGroup = "G", NoTrack = true },
                new AddressEntry(System.Net.IPAddress.Parse("203.0.113.3"), 32, s_at) { Device = "eth0", TrackGroup = "G" }),
            StaticRoutes = V(new RouteEntry("198.51.100.0/24", s_at) { Device = "eth1", TrackGroup = "G" }, new RouteEntry("198.51.100.128/25", s_at) { Device = "eth4" }),
            StaticRules = V(new RuleEntry(s_at) { InputInterface = "eth2", TrackGroup = "G" }),
        };

        Assert.Equal(["eth9", "eth1", "eth2"], TrackingPlan.StaticTrackGroupInterfaces(member, config));
        Assert.Contains(new TrackerBinding(TrackerKey.Interface("eth1"), 0, false), TrackingPlan.For(member, config, new List<string>()));
        Assert.Empty(TrackingPlan.StaticTrackGroupInterfaces(other, config));
    }
}
