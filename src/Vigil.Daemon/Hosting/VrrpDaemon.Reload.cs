using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Config.Model;
using Vigil.Core.Tracking;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Hosting;

/// <summary>The result of re-reading and checking the configuration for a reload: the config, or the diagnostics that refuse it.</summary>
/// <param name="Config">The validated configuration; null when it has errors.</param>
/// <param name="Errors">Each error as "file:line:col: error: …".</param>
/// <param name="Warnings">Each warning, logged but not refusing.</param>
public sealed record ReloadedConfig(KeepalivedConfig? Config, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings);

/// <summary>
/// SIGHUP (and <see cref="RequestReload"/>, for <c>vigil reload</c>): re-read and check the configuration
/// off the loop, refuse it as a whole on any error (the running one stays), otherwise diff the instances by
/// name (<see cref="InstanceChange"/>), open what new instances need, and hand the loop one
/// <see cref="ReloadPlan"/> to apply as a single event. Reloads never overlap: one that arrives while
/// another runs is done once more afterwards.
/// </summary>
public sealed partial class VrrpDaemon
{
    private static readonly TimeSpan s_applyTimeout = TimeSpan.FromSeconds(30);
    private readonly Dictionary<(int, AddressFamily), ReceiveSocket> _sockets = [];
    private readonly Dictionary<int, AnnouncementSocket> _announcers = [];
    private readonly HashSet<VrrpSocket> _readSockets = new(ReferenceEqualityComparer.Instance);
    private readonly SocketAdvertisementSender _sender = new();
    private PacketAddressAnnouncer _announcer = null!; // made in Build with global_defs' GARP/NA pacing
    private int? _realtime; // SCHED_RR priority of the deadline and receive threads, null under SCHED_OTHER
    private readonly Lock _reloadLock = new();
    private Dictionary<int, LinkInfo> _links = [];
    private RtNetlink _netlink = null!;
    private RtNetlink? _reloadNetlink; // the loop thread owns _netlink; reload preparation runs on another thread
    private NetlinkAddressManager _addresses = null!;
    private KeepalivedConfig _config = null!;
    private Dictionary<string, RouterBinding> _running = new(StringComparer.Ordinal);
    private bool _reloading;
    private bool _reloadAgain;

    /// <summary>Re-reads and checks the configuration file (set by <c>vigil run</c>, which owns the checker). Without it reloads are refused.</summary>
    public Func<ReloadedConfig>? ConfigLoader { get; set; }

    /// <summary>Raised after each reload attempt (tests, status): true when applied, false when refused.</summary>
    public event Action<bool>? Reloaded;

    /// <summary>Asks for a reload (SIGHUP, or the control socket's reload). Returns at once; the work runs on a worker thread.</summary>
    public void RequestReload(string why)
    {
        Log.ReloadRequested(_logger, why);
        lock (_reloadLock)
        {
            if (_reloading)
            {
                _reloadAgain = true;
                return;
            }

            _reloading = true;
        }

        _ = Task.Run(ReloadWorker);
    }

    private void RegisterReloadSignal() => _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true; // SIGHUP's default action would end the process
        RequestReload("SIGHUP");
    }));

    private void ReloadWorker()
    {
        while (true)
        {
            bool applied = false;
            try
            {
                applied = ReloadOnce();
            }
            catch (Exception e)
            {
                // Every failure, OutOfMemoryException included (a huge allocation for one config that failed; the
                // daemon's own state is untouched), refuses this reload only: the running configuration stays and
                // the worker must still clear _reloading below, or no reload would ever run again.
                Log.ReloadFailed(_logger, e);
                _notifier?.Ready(_runningStatus + "; last reload failed");
            }

            try
            {
                Reloaded?.Invoke(applied);
            }
            catch (Exception e)
            {
                Log.ReloadFailed(_logger, e);
            }

            lock (_reloadLock)
            {
                if (!_reloadAgain)
                {
                    _reloading = false;
                    return;
                }

                _reloadAgain = false;
            }
        }
    }

    private bool ReloadOnce()
    {
        _notifier?.Reloading("reloading the configuration");
        ReloadedConfig loaded = ConfigLoader?.Invoke() ?? new ReloadedConfig(null, ["no configuration loader: this daemon cannot reload"], []);
        foreach (string warning in loaded.Warnings)
        {
            Log.ReloadWarning(_logger, warning);
        }

        if (loaded.Config is not KeepalivedConfig config)
        {
            return Refuse(loaded.Errors);
        }

        ReloadPlan plan;
        TrackerSwap trackers;
        try
        {
            if (RestartOnlyChanges(_config, config) is string reason)
            {
                return Refuse([reason]);
            }

            // The socket tables are shared with the loop, which attaches and detaches interfaces (dynamic_interfaces).
            lock (_socketTablesGate)
            {
                plan = Plan(_config, config);
            }

            trackers = SwapTrackers(config, plan);
        }
        catch (Exception e) when (e is DaemonSetupException or SyscallException)
        {
            return Refuse([e.Message]);
        }

        ApplyVipFilter(config); // before a reloaded instance can hold a newly filtered VIP
        // keepalived 2.2.7 re-parses interface_up_down_delays on reload into its kept interfaces (vrrp_parser.c
        // alloc_if_up_down_delay), so new delays apply to the next link change; a change already held keeps its delay.
        Dictionary<string, (TimeSpan Down, TimeSpan Up)> linkDelaysByName = LinkDelaysByName(config);
        Dictionary<int, (TimeSpan Down, TimeSpan Up)> linkDelays = LinkDelays(linkDelaysByName, (_reloadNetlink ?? _netlink).GetLinks());
        lock (_socketTablesGate)
        {
            StartSocketReaders();
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _events.Writer.TryWrite(DaemonEvent.OnLoop(() =>
        {
            _notifications?.Reconfigure(config);
            _announcer.UsePacing(AnnouncementPacing.FromConfig(config));
            _loop.ApplyReload(plan);
            _loop.LinkDelays = linkDelays;
            _loop.LinkDelaysByName = linkDelaysByName;
            _loop.LogUnknownVrids = config.Global.LogUnknownVrids;
            trackers.OnLoop();
            bool dynamicTurnedOn = config.Global.DynamicInterfaces && !_config.Global.DynamicInterfaces;
            _config = config;
            WatchRouting(config); // a reload may add the first watched route or rule of a family
            if (dynamicTurnedOn)
            {
                // Interfaces are followed by name from the start (deleted and created again); dynamic_interfaces turned on
                // by this reload also follows the names it lets be missing now, the devices of the VIPs and routes among
                // them (an instance it added on a missing interface starts in FAULT and runs once it is created).
                // Turned off, only a missing interface in a later reload is refused again.
                FollowInterfaces(plan.Bindings);
            }
            _running = plan.Bindings.ToDictionary(b => b.Router.Name, StringComparer.Ordinal);
            _runningStatus = $"{config.Instances.Count} vrrp_instance(s), reloaded";
            Log.ReloadApplied(_logger, plan.Bindings.Count - plan.Updated.Count - plan.Added.Count, plan.Updated.Count, plan.Removed.Count, plan.Added.Count);
            _notifier?.Ready(_runningStatus);
            done.SetResult();
        }));

        // The next reload diffs against what this one applied, so wait for the loop (it may be stopping).
        bool applied = done.Task.Wait(s_applyTimeout);
        Retire(trackers);
        if (applied)
        {
            ReloadVirtualServers(config);
        }

        return applied;
    }

    private bool Refuse(IReadOnlyList<string> errors)
    {
        foreach (string error in errors)
        {
            Log.ReloadError(_logger, error);
        }

        Log.ReloadRefused(_logger, errors.Count);
        _notifier?.Ready($"{_runningStatus}; last reload refused: {errors.Count} error(s), see the log");
        return false;
    }

    /// <summary>
    /// What this reload cannot change under running instances (a restart does): vrrp_script definitions
    /// (their tracker processes keep running across a reload). Sync group changes are applied (PlanGroups).
    /// </summary>
    private string? RestartOnlyChanges(KeepalivedConfig old, KeepalivedConfig updated)
    {
        if (old.StaticIpAddresses != updated.StaticIpAddresses || old.StaticRoutes != updated.StaticRoutes || old.StaticRules != updated.StaticRules)
        {
            return "static_ipaddress, static_routes or static_rules changed: a reload keeps the static entries installed at start; restart vigil to apply this configuration";
        }

        if (old.LinkbeatInterfaces != updated.LinkbeatInterfaces)
        {
            return "linkbeat_interfaces changed: a reload keeps polling the interfaces listed at start; restart vigil to apply this configuration";
        }

        var running = _scripts.Select(s => s.Key).ToHashSet();
        foreach (VrrpScript script in updated.Scripts)
        {
            VrrpScript? before = old.Scripts.FirstOrDefault(s => s.Name == script.Name);
            bool used = updated.Instances.Any(i => i.TrackScripts.Any(t => t.Name == script.Name));
            if (used && (before != script || !running.Contains(TrackerKey.Script(script.Name))))
            {
                return $"{script.Location}: vrrp_script {script.Name} is new or changed: a reload keeps the running script trackers; restart vigil to apply this configuration";
            }
        }

        return null;
    }

    private ReloadPlan Plan(KeepalivedConfig old, KeepalivedConfig updated)
    {
        RtNetlink netlink = _reloadNetlink ??= Own(RtNetlink.Open());
        var oldRules = RoutingEntries.Rules(old).ByInstance;
        _rules = RoutingEntries.Rules(updated);
        var bindings = new List<RouterBinding>(updated.Instances.Count);
        var removed = new List<RouterBinding>();
        var inPlace = new List<InPlaceUpdate>();
        var added = new List<RouterBinding>();
        var registrations = new List<Action>();
        var oldByName = old.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        GroupReload groups = PlanGroups(old, updated);

        foreach (VrrpInstance instance in updated.Instances)
        {
            if (!oldByName.Remove(instance.Name, out VrrpInstance? before) || !_running.TryGetValue(instance.Name, out RouterBinding? current))
            {
                PreparedInstance fresh = Prepare(netlink, instance, updated, groups.For(updated, instance.Name));
                registrations.Add(fresh.Register);
                added.Add(fresh.Binding);
                bindings.Add(fresh.Binding);
                Log.InstanceReloaded(_logger, instance.Name, "added");
                continue;
            }

            InstanceChangeKind change = groups.Adjust(instance.Name, ChangeOf(before, old, instance, updated));
            switch (change)
            {
                case InstanceChangeKind.Unchanged:
                    bindings.Add(current);
                    break;
                case InstanceChangeKind.InPlace:
                    PreparedInstance kept = Prepare(netlink, instance, updated, syncGroup: null, current.Router, current.Counters);
                    IReadOnlyList<InterfaceAddress> oldVips = VirtualAddresses(before, current.InterfaceIndex, VipInterfaceIndex(before, current.InterfaceIndex), AddressVmacIndexes(netlink, before, old, create: false));
                    var oldRouting = new PreparedRouting(
                        PresentRoutes(before), oldRules.GetValueOrDefault(instance.Name, []));
                    inPlace.Add(new InPlaceUpdate(current, kept.Binding, master => SwapAddresses(kept, oldVips, oldRouting, master)));
                    bindings.Add(kept.Binding);
                    Log.InstanceReloaded(_logger, instance.Name, "updated in place (priority, VIPs or trackers)");
                    break;
                default:
                    PreparedInstance recreated = Prepare(netlink, instance, updated, groups.For(updated, instance.Name));
                    registrations.Add(recreated.Register);
                    removed.Add(current);
                    added.Add(recreated.Binding);
                    bindings.Add(recreated.Binding);
                    Log.InstanceReloaded(_logger, instance.Name, groups.Regrouped.Contains(instance.Name)
                        ? "re-created (its vrrp_sync_group is re-formed)"
                        : "re-created (a setting a running router cannot change)");
                    break;
            }
        }

        foreach (string gone in oldByName.Keys)
        {
            if (_running.TryGetValue(gone, out RouterBinding? binding))
            {
                removed.Add(binding);
                Log.InstanceReloaded(_logger, gone, "removed (a master sends priority 0 and releases its VIPs)");
            }
        }

        registrations.Add(() => removed.ForEach(gone => _announcer.Unregister(gone.Router))); // after their shutdown (VrrpEventLoop.ApplyReload)
        return new ReloadPlan(bindings, removed, inPlace, added, () => registrations.ForEach(register => register()));
    }

    /// <summary>On the loop thread: the new ports; a master also drops VIPs no longer configured and adds (and announces) new ones.</summary>
    private void SwapAddresses(PreparedInstance kept, IReadOnlyList<InterfaceAddress> oldVips, PreparedRouting oldRouting, bool master)
    {
        kept.Register();
        if (!master)
        {
            return;
        }

        string name = kept.Binding.Router.Name;
        NetlinkRoutingManager.Uninstall(_netlink, [.. oldRouting.Routes.Except(kept.Routes)], [.. oldRouting.Rules.Except(kept.Rules)], name, _logger);
        foreach (InterfaceAddress vip in oldVips.Except(kept.Vips))
        {
            _netlink.DeleteAddress(vip);
        }

        IReadOnlyList<InterfaceAddress> fresh = [.. kept.Vips.Except(oldVips)];
        foreach (InterfaceAddress vip in fresh)
        {
            _netlink.AddAddress(vip);
        }

        NetlinkRoutingManager.Install(_netlink, [.. kept.Routes.Except(oldRouting.Routes)], [.. kept.Rules.Except(oldRouting.Rules)], name, _logger);

        if (fresh.Count > 0 && kept.Binding.Router.Options.GarpMasterRepeat > 0)
        {
            _announcer.Announce(kept.Binding, kept.Binding.Router.Options.GarpMasterRepeat);
        }
    }

    /// <summary>One instance ready to run: its binding, what <see cref="Register"/> puts into the ports, and its VIPs.</summary>
    private sealed record PreparedInstance(RouterBinding Binding, string InterfaceName, IReadOnlyList<InterfaceAddress> Vips, Action Register)
    {
        public IReadOnlyList<RouteRequest> Routes { get; init; } = [];

        public IReadOnlyList<RuleRequest> Rules { get; init; } = [];
    }

    private sealed record PreparedRouting(IReadOnlyList<RouteRequest> Routes, IReadOnlyList<RuleRequest> Rules);
}
