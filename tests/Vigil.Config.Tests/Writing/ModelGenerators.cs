using System.Net;
using CsCheck;
using Vigil.Config.Model;

namespace Vigil.Config.Tests.Writing;

/// <summary>CsCheck generators for valid models: every generated model is one keepalived would run unchanged.</summary>
internal static class ModelGenerators
{
    private static readonly Gen<string> s_name = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz"], 1, 6].Select(s => "n" + s);
    private static readonly Gen<string> s_interface = Gen.OneOf("eth0", "eth1", "ens3", "bond0.12");
    private static readonly Gen<TimeSpan> s_seconds = Gen.Int[0, 100_000].Select(ms => TimeSpan.FromMilliseconds(ms));
    private static readonly Gen<IPAddress> s_ipv4 = Gen.Int[1, 254].Select(Gen.OneOf(192, 198, 203), (host, net) =>
        IPAddress.Parse(net switch { 192 => $"192.0.2.{host}", 198 => $"198.51.100.{host}", _ => $"203.0.113.{host}" }));
    private static readonly Gen<IPAddress> s_ipv6 = Gen.Int[1, 65535].Select(h => IPAddress.Parse($"2001:db8::{h:x}"));
    private static readonly Gen<string> s_command = Gen.OneOf("/usr/local/bin/notify", "/etc/keepalived/check.sh arg1", "/bin/true");
    private static readonly Gen<ScriptUser?> s_user = Gen.OneOf("nobody", "keepalived_script").Select(u => new ScriptUser(u, null)).Null(0.5);

    private static readonly Gen<GarpSettings> s_garp =
        Gen.Select(s_seconds, Gen.Int[0, 255], s_seconds, Gen.Int[0, 255], s_seconds, Gen.Int[1, 255],
            (md, mr, ld, lr, rf, rr) => new GarpSettings { MasterDelay = md, MasterRepeat = mr, LowerPriorityDelay = ld, LowerPriorityRepeat = lr, MasterRefresh = rf, MasterRefreshRepeat = rr });

    private static readonly Gen<string?> s_dumpPath = Gen.OneOf<string?>(null, "/run/vigil/dump", "/var/lib/vigil/keepalived.json");

    private static readonly Gen<GlobalDefs> s_globalBase =
        Gen.Select(s_name.Null(0.3), Gen.Int[2, 3], s_garp, Gen.Bool, Gen.Int[1, 100], s_user, Gen.Bool, Gen.Bool)
        .Select(t => GlobalDefs.Default with
        {
            RouterId = t.Item1,
            VrrpVersion = t.Item2,
            Garp = t.Item3,
            MinGarp = t.Item4,
            DownTimerAdverts = t.Item5,
            ScriptUser = t.Item6,
            EnableScriptSecurity = t.Item7,
            LogUnknownVrids = t.Item8,
        });

    public static readonly Gen<GlobalDefs> Global =
        Gen.Select(s_globalBase, s_dumpPath, s_dumpPath, s_dumpPath,
            (g, state, stats, json) => g with { StateDumpFile = state, StatsDumpFile = stats, JsonDumpFile = json });

    private static Gen<AddressEntry> Address(Gen<IPAddress> addresses, int maxPrefix) =>
        Gen.Select(addresses, Gen.Int[8, maxPrefix], s_interface.Null(0.5),
                Gen.OneOf<string?>(null, "link", "host", "global"), Gen.Bool, Gen.Bool)
            .Select(t => new AddressEntry(t.Item1, t.Item2, SourceRef.None) { Device = t.Item3, Scope = t.Item4, NoTrack = t.Item5, NoPrefixRoute = t.Item6 });

    private static readonly Gen<RouteEntry> s_route =
        Gen.Select(s_ipv4, Gen.Int[8, 32], s_ipv4.Null(0.5), Gen.OneOf<string?>(null, "eth0", "eth1"), Gen.OneOf<string?>(null, "100", "main"), Gen.Bool)
            .Select(t => new RouteEntry($"{t.Item1}/{t.Item2}", SourceRef.None) { Via = t.Item3, Device = t.Item4, Table = t.Item5, NoTrack = t.Item6 });

    private static readonly Gen<RuleEntry> s_rule =
        Gen.Select(s_ipv4, Gen.Int[8, 32], Gen.Int[1, 32000], Gen.OneOf<string?>("1", "100"))
            .Select((a, p, pref, table) => new RuleEntry(SourceRef.None) { From = $"{a}/{p}", Preference = pref, Table = table });

    private static Gen<ValueArray<T>> List<T>(Gen<T> gen, int min, int max) => gen.Array[min, max].Select(a => new ValueArray<T>(a));

    private static readonly Gen<NotifyScripts> s_notify =
        Gen.Select(Gen.Bool, Gen.Bool, s_command, s_user)
            .Select((master, generic, cmd, user) => new NotifyScripts
            {
                Master = master ? new ScriptCommand(cmd, user, SourceRef.None) : null,
                Notify = generic ? new ScriptCommand(cmd, null, SourceRef.None) : null,
            });

    /// <summary>An instance referring only to the given scripts, with values inside keepalived's ranges and no combination it would change.</summary>
    public static Gen<VrrpInstance> Instance(string name, int vrid, string[] scripts) =>
        Gen.Select(Gen.Bool, Gen.Int[1, 255], Gen.Int[2, 3], Gen.Int[1, 255], Gen.Int[1, 4095], Gen.Bool, Gen.OneOf("secret", "12345678", "a"), s_interface)
        .SelectMany(t =>
        {
            (bool v6, int priority, int version, int v2Advert, int v3Centis, bool auth, string password, string iface) = t;
            version = v6 ? 3 : version;
            return Gen.Select(List(Address(v6 ? s_ipv6 : s_ipv4, v6 ? 128 : 32), 0, 4), List(s_v4Peer, 0, 3), List(s_route, 0, 2), List(s_rule, 0, 2),
                    Gen.Bool, Gen.Int[0, 1000], s_garp, s_notify)
                .SelectMany(u => Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, scripts.Length], Gen.Int[-253, 253])
                .Select(w =>
                {
                    (ValueArray<AddressEntry> vips, ValueArray<UnicastPeer> peers, ValueArray<RouteEntry> routes, ValueArray<RuleEntry> rules,
                        bool master, int delayTenths, GarpSettings garp, NotifyScripts notify) = u;
                    (bool preempt, bool accept, int scriptCount, int weight) = w;
                    bool isMaster = master && !(v6 && false);
                    return new VrrpInstance(name, SourceRef.None)
                    {
                        State = isMaster ? InitialState.Master : InitialState.Backup,
                        Interface = iface,
                        VirtualRouterId = vrid,
                        Priority = priority,
                        Version = version,
                        AdvertInterval = version == 2 ? TimeSpan.FromSeconds(v2Advert) : TimeSpan.FromMilliseconds(v3Centis * 10),
                        Authentication = version == 2 && auth ? new Authentication(AuthType.Pass, password, SourceRef.None) : null,
                        UnicastPeers = v6 ? ValueArray<UnicastPeer>.Empty : peers,
                        VirtualIpAddresses = vips,
                        VirtualRoutes = routes,
                        VirtualRules = rules,
                        Preempt = isMaster || preempt,
                        PreemptDelay = isMaster ? TimeSpan.Zero : TimeSpan.FromMilliseconds(delayTenths * 100),
                        Accept = accept,
                        Garp = garp,
                        Notify = notify,
                        TrackScripts = new ValueArray<TrackReference>(scripts.Take(scriptCount).Select(s => new TrackReference(s, weight == 0 ? null : weight, false, SourceRef.None))),
                    };
                }));
        });

    private static readonly Gen<UnicastPeer> s_v4Peer =
        Gen.Select(s_ipv4, Gen.Int[0, 128].Nullable(0.5), Gen.Int[128, 255].Nullable(0.5))
            .Select((a, min, max) => new UnicastPeer(a, min, max, SourceRef.None));

    private static readonly Gen<VrrpScript> s_scriptBody =
        Gen.Select(s_command, Gen.Int[1, 60], Gen.Int[1, 60], Gen.Int[-253, 253], Gen.Int[1, 10], Gen.Int[1, 10], s_user, Gen.Bool)
            .Select(t => new VrrpScript("x", t.Item1, SourceRef.None)
            {
                Interval = TimeSpan.FromSeconds(t.Item2),
                Timeout = TimeSpan.FromSeconds(t.Item3),
                Weight = t.Item4,
                WeightReverse = t.Item4 != 0 && t.Item8,
                Rise = t.Item5,
                Fall = t.Item6,
                User = t.Item7,
            });

    public static readonly Gen<KeepalivedConfig> Config =
        Gen.Select(Global, s_scriptBody.Array[0, 3], Gen.Int[0, 4], List(Address(s_ipv4, 32), 0, 2), List(s_route, 0, 2), List(s_rule, 0, 2))
        .SelectMany(t =>
        {
            (GlobalDefs global, VrrpScript[] scriptBodies, int instanceCount, ValueArray<AddressEntry> statics, ValueArray<RouteEntry> staticRoutes, ValueArray<RuleEntry> staticRules) = t;
            VrrpScript[] scripts = [.. scriptBodies.Select((s, i) => s with { Name = $"chk{i}" })];
            string[] names = [.. scripts.Select(s => s.Name)];
            return Gen.Select(Instance("VI_0", 1, names), Instance("VI_1", 2, names), Instance("VI_2", 3, names), Instance("VI_3", 4, names))
                .Select((a, b, c, d) => new[] { a, b, c, d }[..instanceCount])
                .Select(instances => new KeepalivedConfig
                {
                    Global = global,
                    Scripts = new ValueArray<VrrpScript>(scripts),
                    Instances = new ValueArray<VrrpInstance>(instances),
                    SyncGroups = instances.Length >= 2
                        ? new ValueArray<VrrpSyncGroup>([new VrrpSyncGroup("G1", new ValueArray<string>(instances.Take(2).Select(x => x.Name)), SourceRef.None)])
                        : ValueArray<VrrpSyncGroup>.Empty,
                    StaticIpAddresses = statics,
                    StaticRoutes = staticRoutes,
                    StaticRules = staticRules,
                });
        });
}
