using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Linux;
using Vigil.Linux.Announcements;
using Vigil.Linux.Netlink;
using Vigil.Linux.Timing;
using Vigil.Linux.Vrrp;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// <c>vigil run</c>'s composition: one <see cref="VrrpEventLoop"/> over every vrrp_instance of a
/// validated configuration, one VRRP socket per interface and family (shared by its instances),
/// one AF_PACKET announcer per interface, rtnetlink for VIPs and link events, a timerfd for deadlines.
/// SIGTERM/SIGINT post a stop event: masters send priority 0 and release their VIPs, then the loop ends.
/// </summary>
public sealed partial class VrrpDaemon : IDisposable
{
    // Synchronous continuations: the loop handles an event on the (realtime) thread that delivered it, without a
    // thread-pool hop that a busy host could delay (see VrrpDaemon.Realtime.cs).
    private readonly Channel<DaemonEvent> _events = Channel.CreateUnbounded<DaemonEvent>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly List<IDisposable> _resources = [];
    private readonly List<PosixSignalRegistration> _signals = [];
    private TimerfdDeadlineScheduler? _scheduler;
    private readonly List<Tracking.ScriptTracker> _scripts = [];
    private readonly ILogger _logger;
    private readonly TimeProvider _clock = TimeProvider.System; // the loop's clock; the sockets' listening-since stamps come from it too
    private VrrpEventLoop _loop = null!;
    private List<InterfaceAddress>? _startupAddresses; // the kernel's addresses while Build prepares the instances

    internal VrrpDaemon(ILogger logger)
    {
        _logger = logger;
    }

    /// <summary>
    /// Opens sockets and builds the routers; removes VIPs of this configuration that an earlier run
    /// left on the interfaces. Throws <see cref="DaemonSetupException"/> when the host cannot run it.
    /// </summary>
    public static VrrpDaemon Create(KeepalivedConfig config, string file, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var daemon = new VrrpDaemon(loggerFactory.CreateLogger("vigil"));
        try
        {
            daemon.Build(config, file, loggerFactory.CreateLogger("vigil.vrrp"));
            return daemon;
        }
        catch
        {
            daemon.Dispose();
            throw;
        }
    }

    /// <summary>Runs until SIGTERM/SIGINT (or <see cref="RequestStop"/>); the stop path releases every VIP.</summary>
    public async Task RunAsync()
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
        RegisterReloadSignal();
        // keepalived runs the startup script to its end (or timeout) before it starts any instance.
        await RunLifecycleScriptAsync(_config.Global.StartupScript, _config.Global.StartupScriptTimeout, "startup_script").ConfigureAwait(false);
        StartServiceNotifications();
        ReleaseStartupSignals();
        ScheduleMemoryTrim(_config);
        CollectStartupGarbage(); // VrrpDaemon.Memory.cs
        await _loop.RunAsync(_events.Reader, CancellationToken.None).ConfigureAwait(false);
        RemoveStatics(_statics, leftovers: false);
        RemoveVmacs();
        RemoveVipFilter();
        await DrainNotificationsAsync().ConfigureAwait(false);
        // ... and the shutdown script once every instance has stopped (the running configuration's, after reloads).
        await RunLifecycleScriptAsync(_config.Global.ShutdownScript, _config.Global.ShutdownScriptTimeout, "shutdown_script").ConfigureAwait(false);
        Log.Stopped(_logger);
    }

    /// <summary>Asks the loop to stop (what the signal handlers do).</summary>
    public void RequestStop(string why)
    {
        // systemd's STOPPING=1 first (one datagram; once the loop has stopped the notifier may be gone), then the stop,
        // through the real-time deadline thread (the goodbye adverts go out at SCHED_RR, not from the signal-handling
        // thread), then the log line.
        NotifyStopping(why);
        if (_scheduler is { } scheduler)
        {
            scheduler.Post(DaemonEvent.StopRequested);
        }
        else
        {
            _events.Writer.TryWrite(DaemonEvent.StopRequested);
        }

        Log.StopRequested(_logger, why);
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }

        // Readers and the timer stop before the sockets they use close.
        for (int i = _resources.Count - 1; i >= 0; i--)
        {
            _resources[i].Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the loop decides when the process ends, after the goodbye adverts
        RequestStop(context.Signal.ToString());
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _resources.Add(resource);
        return resource;
    }

    private void Build(KeepalivedConfig config, string file, ILogger loopLogger)
    {
        Log.Starting(_logger, config.Instances.Count, file);
        _runningStatus = $"{config.Instances.Count} vrrp_instance(s) from {file}";
        _config = config;
        _netlink = Own(RtNetlink.Open());
        RtNetlink dumper = Own(RtNetlink.Open()); // used only on the link reader's thread
        LinkMonitor monitor = Own(LinkMonitor.Open());
        RtNetlink addressDumper = Own(RtNetlink.Open()); // used only on the address reader's thread
        AddressMonitor addressMonitor = Own(AddressMonitor.Open(_netlink.PortId)); // before the first dump, so no change falls in between
        _links = _netlink.GetLinks().ToDictionary(l => l.InterfaceIndex);
        OpenReceiveSockets(config); // first: every instance's down timer counts from its socket (issue 13)
        _addresses = new NetlinkAddressManager(_netlink);
        _routing = new NetlinkRoutingManager(_addresses, _netlink, _logger);
        _rules = RoutingEntries.Rules(config);
        StaticEntries statics = PrepareStatics(config);
        RemoveStatics(statics, leftovers: true);
        var groups = new Dictionary<string, SyncGroup>(StringComparer.Ordinal);
        var noArp = new NoArpInterfaces(_links.Values);
        _announcer = new PacketAddressAnnouncer(AnnouncementPacing.FromConfig(config), noArp: noArp);
        var bindings = new List<RouterBinding>(config.Instances.Count);
        _startupAddresses = [.. _netlink.GetAddresses()]; // one dump for every instance's source and leftover VIPs, not two each

        foreach (VrrpInstance instance in config.Instances)
        {
            SyncGroup? syncGroup = null;
            if (SyncGroupOf(config, instance.Name) is string groupName && !groups.TryGetValue(groupName, out syncGroup))
            {
                syncGroup = new SyncGroup(groupName);
                groups.Add(groupName, syncGroup);
            }

            PreparedInstance prepared = Prepare(_netlink, instance, config, syncGroup);
            prepared.Register();
            RemoveLeftovers(_netlink, instance, prepared.InterfaceName, prepared.Vips);
            NetlinkRoutingManager.Uninstall(_netlink, prepared.Routes, prepared.Rules, instance.Name, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance); // keepalived's startup purge
            bindings.Add(prepared.Binding);
        }

        _startupAddresses = null;

        AddStatics(statics);
        ApplyVipFilter(config); // before any instance can become MASTER

        // Reliability: a deadline served late by more than half the shortest advert interval could
        // cost a false failover, so every such stall is logged and counted.
        TimeSpan shortest = config.Instances.Count == 0 ? TimeSpan.FromSeconds(1) : config.Instances.Min(i => i.AdvertInterval);
        var stalls = new StallDetector(shortest / 2, lateness => Log.TimerLate(_logger, lateness.TotalMilliseconds, shortest.TotalMilliseconds / 2));
        _realtime = RealtimePriority(config.Global);
        var scheduler = new TimerfdDeadlineScheduler(_events.Writer, () => _loop.Now, stalls, _realtime);
        _scheduler = scheduler;
        _loop = new VrrpEventLoop(bindings, _sender, _routing, _announcer, scheduler, _clock, loopLogger);
        _loop.StartupDelay = config.Global.StartupDelay;
        _loop.LogUnknownVrids = config.Global.LogUnknownVrids;
        _loop.InterfaceCameUp = ReinstateStatics; // VrrpDaemon.Routing.cs
        _loop.AddressDeleted = ReinstateStaticAddress;
        PollLinkbeat(config, bindings); // VrrpDaemon.Linkbeat.cs: before the loop and the trackers read _links
        _loop.SetInitialLinks(_links.Values.Select(l => KeyValuePair.Create(l.InterfaceIndex, l.IsUp)));
        Dictionary<string, (TimeSpan Down, TimeSpan Up)> linkDelays = LinkDelaysByName(config);
        _loop.LinkDelaysByName = linkDelays;
        _loop.LinkDelays = LinkDelays(linkDelays, _links.Values);
        _loop.SetInitialAddresses(AddressEventReader.ToKernelAddresses(_netlink.GetAddresses()));
        _running = bindings.ToDictionary(b => b.Router.Name, StringComparer.Ordinal);
        // An instance's (or tracked, or a VIP's or route's) interface deleted and created again is followed by name, as
        // keepalived 2.2.7 does with or without dynamic_interfaces, which only lets one be missing at start.
        FollowInterfaces(bindings); // VrrpDaemon.DynamicInterfaces.cs

        Own(scheduler);
        Own(_announcer); // after the announcement sockets, so it stops sending before they close
        StartSocketReaders();
        Own(new LinkEventReader(monitor, dumper.GetLinks, _events.Writer, noArp, new VrfMembership(_links.Values, MoveVmacsToVrf), NetlinkReadFailed)); // VrrpDaemon.Vrf.cs
        Own(new AddressEventReader(addressMonitor, () => addressDumper.GetAddresses(), addressDumper.IsLinkUp, _events.Writer, NetlinkReadFailed));
        WatchRouting(config); // VrrpDaemon.RoutingMonitor.cs
        StartTrackers(config, bindings, _links.Values);
        StartLinkbeat(_loop);
        StartNotifications(config);
    }

    /// <summary>
    /// Opens (or reuses) the sockets of one instance and builds its router and binding. The port
    /// registrations are returned rather than done, because on a reload they must happen on the loop thread.
    /// <paramref name="followed"/>: its interface was created again while running, which keepalived follows with or without
    /// dynamic_interfaces, so it is prepared as with it (a device or address still missing waits in FAULT, not refused).
    /// </summary>
    private PreparedInstance Prepare(RtNetlink netlink, VrrpInstance instance, KeepalivedConfig config, SyncGroup? syncGroup, VirtualRouter? keep = null, ReceiveCounters? counters = null, bool followed = false)
    {
        string interfaceName = instance.Interface
            ?? throw new DaemonSetupException($"{instance.Location}: vrrp_instance {instance.Name} has no 'interface'");
        bool mayBeMissing = followed || config.Global.DynamicInterfaces;
        CheckDevices(instance, mayBeMissing); // VrrpDaemon.DynamicInterfaces.cs
        int index = RtNetlink.GetInterfaceIndex(interfaceName);
        if (index == 0 || !_links.TryGetValue(index, out LinkInfo? link))
        {
            // A reload may name an interface created since the start: look again before refusing.
            foreach (LinkInfo fresh in netlink.GetLinks())
            {
                _links[fresh.InterfaceIndex] = fresh;
            }

            if (index == 0 || !_links.TryGetValue(index, out link))
            {
                return mayBeMissing
                    ? PrepareMissing(instance, config, syncGroup, keep, counters) // VrrpDaemon.DynamicInterfaces.cs
                    : throw new DaemonSetupException($"{instance.Location}: interface '{interfaceName}' of vrrp_instance {instance.Name} does not exist on this host (see 'ip -br link'; set dynamic_interfaces in global_defs to start it in FAULT until the interface is created)");
            }
        }

        AddressFamily family = instance.IsIPv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
        IPAddress group = MulticastGroup(instance, config);
        (VrrpSocket socket, long listeningSince) = SocketFor(_sockets, index, interfaceName, family, instance.IsUnicast ? null : group);
        VmacLink? vmac = instance.UseVmac is { } spec ? Vmac(netlink, instance, spec, config.Global.VmacPrefix, interfaceName, index, link) : null;
        if (instance.PromoteSecondaries && vmac is null)
        {
            PromoteSecondaries(instance, interfaceName); // VrrpDaemon.PromoteSecondaries.cs
        }

        int vipIndex = vmac?.Index ?? index; // keepalived: the VIPs (and GARPs) live on the VMAC
        int vmacReceiveIndex = 0;
        if (vmac is not null && !instance.VmacXmitBase && !instance.IsUnicast)
        {
            // Receive on the VMAC, as keepalived does: macvlan hands a multicast frame whose source MAC is one of its
            // own devices' to that device alone, so the peer's adverts (from 00:00:5e:00:01:VRID too) never reach the
            // base interface, and a backup listening there would become a second master. Unicast adverts are addressed
            // to the base interface's MAC and arrive there.
            (_, listeningSince) = SocketFor(_sockets, vmac.Index, vmac.Name, family, group);
            vmacReceiveIndex = vmac.Index;
        }

        VrrpSocket sendSocket = vmac is null || instance.VmacXmitBase ? socket : SendSocket(vmac, family);
        Dictionary<AddressEntry, int> addressVmacs = AddressVmacIndexes(netlink, instance, config, create: true);
        IReadOnlyList<InterfaceAddress> vips = VirtualAddresses(instance, index, vipIndex, addressVmacs);
        // Each VIP is announced on its own interface (VrrpDaemon.Announcements.cs), as keepalived's.
        IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address, string BaseInterface)> announcements = VipAnnouncements(netlink, vips);
        IReadOnlyList<(AnnouncementSocket Socket, IPAddress Address, string BaseInterface)> extraAnnouncements =
            instance.Garp.ExtraInterfaceInterval > TimeSpan.Zero ? ExtraAnnouncements(netlink, instance, vips, vipIndex) : [];
        IReadOnlyList<RouteRequest> routes = PresentRoutes(instance);
        IReadOnlyList<RuleRequest> rules = _rules.ByInstance.GetValueOrDefault(instance.Name, []);
        IPAddress source = instance.SourceAddress ?? PrimaryAddress(netlink, instance, index, family, vips, mayBeMissing);
        VirtualRouter router = keep ?? new VirtualRouter(RouterOptionsMapping.FromConfig(instance, NetAddress.FromIPAddress(source)));
        syncGroup?.Add(router);
        (byte[] vipBytes, byte[] password) = AdvertPayload(instance);
        RouterBinding binding = NewBinding(instance, config, router, index, source, counters, vips, addressVmacs);
        binding.VmacReceiveIndex = vmacReceiveIndex;
        // The loop's start uses it (not a reload's): issue 13. Not after a startup_script: keepalived starts the instances
        // once it has ended, so their timers count from then, however long it ran.
        binding.ListeningSinceTimestamp = config.Global.StartupScript is null ? listeningSince : null;
        IReadOnlyList<IPAddress> destinations = instance.IsUnicast ? [.. instance.UnicastPeers.Select(p => p.Address)] : [group];
        Log.InstanceReady(_logger, instance.Name, interfaceName, index, instance.VirtualRouterId, instance.Version, instance.Priority, instance.AdvertInterval.TotalSeconds, source.ToString());
        return new PreparedInstance(binding, interfaceName, vips, () =>
        {
            _sender.Register(router, new AdvertisementTarget(sendSocket, destinations, source, vipBytes, password) { Ttl = instance.IsUnicast && instance.UnicastTtl != 255 ? instance.UnicastTtl : 0 });
            _addresses.Register(router, vips);
            _routing.Register(router, routes, rules);
            foreach ((AnnouncementSocket announceSocket, _, string pacedWith) in announcements.Concat(extraAnnouncements))
            {
                _announcer.SetBaseInterface(announceSocket, pacedWith); // a VMAC paces with its parent, as keepalived's garp_delay
            }

            _announcer.Register(router, [.. announcements.Select(a => (a.Socket, a.Address))]);
            _announcer.RegisterExtraInterfaces(router, [.. extraAnnouncements.Select(e => (e.Socket, e.Address))]);
        })
        { Routes = routes, Rules = rules };
    }

    /// <summary>The binding of an instance on interface <paramref name="index"/> (0: it does not exist, dynamic_interfaces).</summary>
    private RouterBinding NewBinding(VrrpInstance instance, KeepalivedConfig config, VirtualRouter router, int index, IPAddress source, ReceiveCounters? counters, IReadOnlyList<InterfaceAddress> vips, Dictionary<AddressEntry, int>? addressVmacs = null)
    {
        (byte[] vipBytes, byte[] password) = AdvertPayload(instance);
        return new RouterBinding(router, index, Expectation(instance, vipBytes, password))
        {
            Tracking = PlanTracking(instance, config),
            NotifyPriorityChanges = instance.NotifyPriorityChanges,
            NotifyDeleted = instance.Notify.NotifiesDeleted,
            TrackSourceAddress = instance.TrackSourceIp && instance.SourceAddress is not null,
            TrackPrimaryInterface = !instance.DontTrackPrimary,
            ConfigFault = instance.UnicastFaultNoPeer && !instance.IsUnicast ? "unicast_fault_no_peer (no unicast peers)" : null,
            Counters = counters ?? new(),
            VirtualAddresses = BoundVips(instance, vips),
            SourceFollowsPrimary = instance.SourceAddress is null,
            Info = Status.InstanceInfo.FromConfig(instance, instance.Interface ?? string.Empty, source.ToString(),
                instance.UseVmac is { } vmac ? VmacName(instance, vmac, config.Global.VmacPrefix) : null,
                addressVmacs?.ToDictionary(e => e.Key, e => _vmacs.Values.First(v => v.Index == e.Value).Name)),
        };
    }

    /// <summary>The VIPs with their no_track flags (<paramref name="vips"/> is in the order of <see cref="VirtualAddresses(VrrpInstance, int, int, Dictionary{AddressEntry, int})"/>).</summary>
    private static VirtualAddress[] BoundVips(VrrpInstance instance, IReadOnlyList<InterfaceAddress> vips) =>
        [.. instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded)
            .Zip(vips, (entry, vip) => new VirtualAddress(new KernelAddress(vip.InterfaceIndex, vip.Address), entry.NoTrack))];

    /// <summary>The VIP bytes an advert carries and the PASS password (v2 only; empty otherwise).</summary>
    private static (byte[] VipBytes, byte[] Password) AdvertPayload(VrrpInstance instance) => (
        ReceiveExpectation.AddressBytes([.. instance.VirtualIpAddresses.Select(a => NetAddress.FromIPAddress(a.Address))]),
        instance.Version == 2 && instance.Authentication is { Type: AuthType.Pass } auth ? auth.WireBytes() : []);

    private static IPAddress MulticastGroup(VrrpInstance instance, KeepalivedConfig config) =>
        instance.McastDestination ?? (instance.IsIPv6 ? config.Global.McastGroup6 : config.Global.McastGroup4);

    private static string? SyncGroupOf(KeepalivedConfig config, string instance) =>
        config.SyncGroups.FirstOrDefault(g => g.Instances.Contains(instance, StringComparer.Ordinal))?.Name;

    /// <summary>One reader thread per VRRP socket; a reload that opened a socket on a new interface starts its reader here.</summary>
    private void StartSocketReaders()
    {
        foreach (VrrpSocket socket in _sockets.Values.Select(s => s.Socket))
        {
            if (_readSockets.Add(socket))
            {
                _readers[socket] = Own(new SocketPacketReader(socket, _events.Writer, _realtime));
            }
        }
    }

    private static ReceiveExpectation Expectation(VrrpInstance instance, byte[] vipBytes, byte[] password) => new()
    {
        Version = (byte)instance.Version,
        VirtualRouterId = (byte)instance.VirtualRouterId,
        AdverIntervalCentiseconds = (ushort)(instance.AdvertInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10)),
        VirtualAddresses = vipBytes,
        AuthType = password.Length > 0 ? VrrpAuthType.SimpleText : VrrpAuthType.None,
        AuthPassword = password,
        Unicast = instance.IsUnicast,
        UnicastPeers = instance.UnicastPeers.Select(p => NetAddress.FromIPAddress(p.Address)).ToArray(),
        CheckUnicastSource = instance.CheckUnicastSource,
        SkipCheckAdvertAddresses = instance.SkipCheckAdvertAddresses,
    };

    /// <summary>The instance's VIPs and excluded VIPs, each on its interface (<see cref="VipHome"/>; <paramref name="vmacIndex"/> is the interface's without a VMAC).</summary>
    private static IReadOnlyList<InterfaceAddress> VirtualAddresses(VrrpInstance instance, int baseIndex, int vmacIndex, Dictionary<AddressEntry, int> addressVmacs) =>
        [.. instance.VirtualIpAddresses.Concat(instance.VirtualIpAddressesExcluded)
            .Select(entry => AddressOn(entry, addressVmacs.TryGetValue(entry, out int vmac) ? vmac : VipHome.Of(instance, entry, baseIndex, vmacIndex, RtNetlink.GetInterfaceIndex)))];

    /// <summary>A static_ipaddress entry: on its 'dev', else on <paramref name="interfaceIndex"/> (default_interface).</summary>
    private static InterfaceAddress ToInterfaceAddress(AddressEntry entry, int interfaceIndex) =>
        AddressOn(entry, entry.Device is { } device ? RtNetlink.GetInterfaceIndex(device) : interfaceIndex);

    /// <summary>
    /// The RTM_NEWADDR keepalived 2.2.7's netlink_ipaddress sends for the line: IPv6 with IFA_F_NODAD unless
    /// '-nodad', and lifetimes only for IPv6 (a /128 without preferred_lft is deprecated: preferred 0, so it is
    /// never picked as a source); the peer as IFA_ADDRESS; home/mngtmpaddr/noprefixroute/autojoin as IFA_FLAGS.
    /// </summary>
    internal static InterfaceAddress AddressOn(AddressEntry entry, int interfaceIndex) => new(
        interfaceIndex,
        entry.Address,
        entry.PrefixLength,
        Broadcast(entry),
        Scope(entry.Scope),
        entry.Label,
        entry.IsIPv6 && !entry.NoDad,
        entry.Peer,
        (entry.Home ? AddressFlags.HomeAddress : 0)
            | (entry.ManageTemporaryAddress ? AddressFlags.ManageTemporaryAddress : 0)
            | (entry.NoPrefixRoute ? AddressFlags.NoPrefixRoute : 0)
            | (entry.AutoJoin ? AddressFlags.MulticastAutoJoin : 0),
        PreferredLifetime(entry));

    private static uint? PreferredLifetime(AddressEntry entry) => entry.PreferredLifetime switch
    {
        _ when !entry.IsIPv6 => null,
        null => entry.PrefixLength == 128 ? 0 : null,
        "forever" => null,
        { } seconds => uint.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture),
    };

    private static IPAddress? Broadcast(AddressEntry entry)
    {
        if (entry.IsIPv6 || entry.Broadcast is null or "-")
        {
            return entry.Broadcast is null or "-" || entry.IsIPv6 ? null : IPAddress.Parse(entry.Broadcast);
        }

        if (entry.Broadcast != "+")
        {
            return IPAddress.Parse(entry.Broadcast);
        }

        // "brd +": the host bits set, as `ip addr add ... brd +` does.
        uint address = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(entry.Address.GetAddressBytes());
        uint hostMask = entry.PrefixLength >= 32 ? 0 : uint.MaxValue >> entry.PrefixLength;
        byte[] bytes = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, address | hostMask);
        return new IPAddress(bytes);
    }

    private static AddressScope Scope(string? scope) => scope switch
    {
        "host" => AddressScope.Host,
        "link" => AddressScope.Link,
        "site" => AddressScope.Site,
        "nowhere" => AddressScope.Nowhere,
        _ => AddressScope.Global,
    };

    /// <summary>
    /// The advert source when mcast_src_ip/unicast_src_ip is not set: the interface's first address of the
    /// family that is not one of our VIPs (keepalived: the primary IPv4 address; for IPv6 the link-local one,
    /// RFC 5798 §5.1.2.1).
    /// </summary>
    /// With dynamic_interfaces an interface without one gives the unspecified address: the loop keeps the instance in FAULT until one comes.
    private IPAddress PrimaryAddress(RtNetlink netlink, VrrpInstance instance, int index, AddressFamily family, IReadOnlyList<InterfaceAddress> vips, bool dynamic)
    {
        IEnumerable<InterfaceAddress> present = AddressesOn(netlink, family, index);
        IEnumerable<IPAddress> candidates = present.Select(a => a.Address).Where(a => !vips.Any(v => v.Address.Equals(a)));
        IPAddress? chosen = family == AddressFamily.InterNetworkV6 ? candidates.FirstOrDefault(a => a.IsIPv6LinkLocal) : candidates.FirstOrDefault();
        if (chosen is null && dynamic)
        {
            return Unspecified(instance);
        }

        return chosen ?? throw new DaemonSetupException(
            $"{instance.Location}: interface '{instance.Interface}' of vrrp_instance {instance.Name} has no {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6 link-local")} address to send adverts from; add one or set unicast_src_ip");
    }

    /// <summary>The addresses of one interface and family: from the start-up dump while the instances are built, else asked of the kernel.</summary>
    private IEnumerable<InterfaceAddress> AddressesOn(RtNetlink netlink, AddressFamily family, int index) =>
        _startupAddresses is { } dumped
            ? dumped.Where(a => a.InterfaceIndex == index && a.Address.AddressFamily == family)
            : netlink.GetAddresses(family, index);

    /// <summary>A crashed earlier run may have left our VIPs behind (keepalived's container complaint): remove them before starting.</summary>
    private void RemoveLeftovers(RtNetlink netlink, VrrpInstance instance, string interfaceName, IReadOnlyList<InterfaceAddress> vips)
    {
        foreach (InterfaceAddress vip in vips)
        {
            // The kernel's own entry is deleted, so a leftover added with another peer or prefix goes too.
            InterfaceAddress? present = AddressesOn(netlink, vip.Address.AddressFamily, vip.InterfaceIndex).FirstOrDefault(a => a.Address.Equals(vip.Address));
            if (present is not null)
            {
                netlink.DeleteAddress(present);
                _startupAddresses?.RemoveAll(a => a.InterfaceIndex == vip.InterfaceIndex && a.Address.Equals(vip.Address));
                Log.LeftoverRemoved(_logger, instance.Name, vip.Address.ToString(), interfaceName);
            }
        }
    }
}
