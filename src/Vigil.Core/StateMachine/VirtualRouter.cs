using Vigil.Core.Protocol;
namespace Vigil.Core.StateMachine;

/*
 * One VRRP virtual router: the RFC 5798 §6.4 state machine for one (interface, VRID, family),
 * with keepalived 2.2.7's FAULT state and its deviations from the RFC (each marked "keepalived").
 *
 * Pure: it never reads a clock and never arms a timer. The driver passes the monotonic time into
 * Step(), waits until NextDeadline (or the next advert) and carries out the returned actions.
 *
 *                      Startup (address owner, state MASTER)
 *             +--------------------------------------------------------+
 *             |                                                        v
 *   +------------+  Startup   +--------+  Master_Down_Timer     +--------+
 *   | Initialize |----------->| Backup |----------------------->| Master |
 *   +------------+            |        |  (no advert / prio 0 / |        |
 *         |                   |        |   preempting lower)    |        |
 *         | Startup with      |        |<-----------------------|        |
 *         | a fault           +--------+  higher priority, or   +--------+
 *         v                     ^    |    equal from higher IP     |
 *   +------------+  fault       |    | interface down /            | interface down / tracker
 *   |   Fault    |  cleared     |    | tracker failed              | failed (sends priority 0)
 *   |            |--------------+    v                             v
 *   |            |<----------------------------------------------------+
 *   +------------+
 *   Any state --Shutdown--> Stopped (a master sends priority 0 first) --Startup--> as from Initialize.
 *   Sync groups (SyncGroup) move all members together: MASTER, BACKUP and FAULT.
 */

/// <summary>
/// The VRRP state machine for one virtual router. Feed it inputs with <see cref="Step"/>; it
/// appends the side effects to request (adverts, addresses, GARPs, notifies, state changes) to
/// the caller's list. Not thread-safe: one event loop owns it.
/// </summary>
public sealed class VirtualRouter
{
    private static readonly TimeSpan s_never = TimeSpan.MaxValue;

    private HashSet<string>? _failedTrackers; // created at the first tracker fault: most routers never have one
    private readonly TimeSpan _adverInterval;
    private int _basePriority;
    private bool _interfaceDown;
    private string? _missingInterface;
    private string? _noSourceAddress;
    private TimeSpan _masterAdverInterval;
    private TimeSpan _timerAt = s_never;
    private TimeSpan _garpDelayedAt = s_never;
    private TimeSpan _garpRefreshAt = s_never;
    private TimeSpan _garpExtraAt = s_never;
    private TimeSpan _garpLowerPrioAt = s_never;
    private TimeSpan _garpLowerPrioLastAt = s_never;
    private TimeSpan? _preemptAt;
    private TimeSpan? _lastLowerPriorityAnswerAt;
    private TransitionReason _nextMasterReason = new(TransitionReasonKind.MasterDownTimerExpired);

    public VirtualRouter(VirtualRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Version is not (2 or 3))
        {
            throw new ArgumentException($"VRRP version must be 2 or 3, not {options.Version}.", nameof(options));
        }

        if (options.Priority is < 1 or > 255)
        {
            throw new ArgumentException($"priority must be 1-255, not {options.Priority}.", nameof(options));
        }

        if (options.AdvertInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("advert interval must be positive.", nameof(options));
        }

        Options = options;
        _adverInterval = options.AdvertInterval;
        _masterAdverInterval = _adverInterval;
        _basePriority = options.Priority;
        EffectivePriority = options.Priority;
    }

    /// <summary>The options; only <see cref="VirtualRouterOptions.PrimaryAddress"/> ever changes (SourceAddressChanged).</summary>
    public VirtualRouterOptions Options { get; private set; }

    public string Name => Options.Name;

    public RouterState State { get; private set; } = RouterState.Initialize;

    /// <summary>The priority we advertise and elect with (tracking applied; 1–254 unless owner).</summary>
    public int EffectivePriority { get; private set; }

    /// <summary>Master_Adver_Interval: ours as master; the master's (v3, learned) as backup.</summary>
    public TimeSpan MasterAdvertInterval => _masterAdverInterval;

    /// <summary>The current Master_Down_Interval (3 × Master_Adver_Interval + Skew_Time).</summary>
    public TimeSpan MasterDownInterval =>
        VrrpTimers.MasterDown(Options.Version, EffectivePriority, _masterAdverInterval, Options.DownTimerAdverts);

    /// <summary>The current Skew_Time.</summary>
    public TimeSpan SkewTime => VrrpTimers.Skew(Options.Version, EffectivePriority, _masterAdverInterval);

    /// <summary>When to call <see cref="Step"/> with DeadlineReached next; null when no timer is armed.</summary>
    public TimeSpan? NextDeadline
    {
        get
        {
            TimeSpan next = _timerAt < _garpDelayedAt ? _timerAt : _garpDelayedAt;
            next = next < _garpLowerPrioAt ? next : _garpLowerPrioAt;
            return next == s_never ? null : next;
        }
    }

    /// <summary>The primary address of the master we last accepted an advert from (unset if none).</summary>
    public NetAddress MasterAddress { get; private set; }

    /// <summary>
    /// keepalived master_saddr as vrrp_state_backup uses it: while BACKUP, the source of the last advert processed
    /// (unset otherwise). skip_check_adv_addr skips the address-list check for adverts from it.
    /// </summary>
    public NetAddress KnownMaster => State == RouterState.Backup ? MasterAddress : default;

    /// <summary>True while an interface or an unweighted tracker of this router is down.</summary>
    public bool HasFault => _interfaceDown || _missingInterface is not null || _noSourceAddress is not null || _failedTrackers is { Count: > 0 };

    /// <summary>True while the interface has no usable address to send adverts from (SourceAddressLost, until SourceAddressChanged).</summary>
    public bool LacksSourceAddress => _noSourceAddress is not null;

    /// <summary>Lower-priority adverts heard as master and not answered because one was answered less than an advert interval ago.</summary>
    public long SuppressedLowerPriorityAnswers { get; private set; }

    /// <summary>How many state changes this router made (FRR's vrrp_change_state counter).</summary>
    public long TransitionCount { get; private set; }

    public SyncGroup? Group { get; internal set; }

    /// <summary>
    /// global_defs <c>vrrp_startup_delay</c>, as the loop time it ends at (zero: none). Until then a backup's
    /// down timer runs from this point rather than from now, so no instance (not even the address owner)
    /// becomes master before it plus Master_Down_Interval (keepalived vrrp_init_instance_sands).
    /// </summary>
    public TimeSpan StartupDelayUntil { get; set; }

    /// <summary>keepalived's wantstate == MASTER: our down timer expired but a sync group held us back.</summary>
    internal bool WantsMaster { get; set; }

    /// <summary>Applies one input at monotonic time <paramref name="now"/>; appends requested side effects to <paramref name="actions"/>.</summary>
    public void Step(in RouterInput input, TimeSpan now, List<RouterAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        switch (input.Kind)
        {
            case RouterInputKind.Startup:
                OnStartup(now, input.ListeningSince is { } since && since < now ? since : now, actions);
                break;
            case RouterInputKind.Shutdown:
                OnShutdown(actions);
                break;
            case RouterInputKind.AdvertisementReceived:
                OnAdvertisement(input.Priority, input.AdvertIntervalCentiseconds, input.Source, now, actions);
                break;
            case RouterInputKind.DeadlineReached:
                OnDeadline(now, actions);
                break;
            case RouterInputKind.EffectivePriorityChanged:
                OnPriorityChanged(input.Priority);
                break;
            case RouterInputKind.InterfaceDown:
                if (!_interfaceDown)
                {
                    _interfaceDown = true;
                    OnFaultAdded(new TransitionReason(TransitionReasonKind.InterfaceDown), now, actions);
                }

                break;
            case RouterInputKind.InterfaceUp:
                if (_interfaceDown)
                {
                    _interfaceDown = false;
                    OnFaultRemoved("interface up", now, actions);
                }

                break;
            case RouterInputKind.TrackerFault:
                if ((_failedTrackers ??= new(StringComparer.Ordinal)).Add(input.Tracker ?? string.Empty))
                {
                    OnFaultAdded(new TransitionReason(TransitionReasonKind.TrackerFailed, Detail: input.Tracker), now, actions);
                }

                break;
            case RouterInputKind.TrackerRecovered:
                if (_failedTrackers?.Remove(input.Tracker ?? string.Empty) == true)
                {
                    OnFaultRemoved($"tracker {input.Tracker} recovered", now, actions);
                }

                break;
            case RouterInputKind.InterfaceMissing:
                if (_missingInterface is null)
                {
                    _missingInterface = input.Tracker ?? string.Empty;
                    OnFaultAdded(new TransitionReason(TransitionReasonKind.InterfaceMissing, Detail: _missingInterface), now, actions);
                }

                break;
            case RouterInputKind.InterfaceAppeared:
                if (_missingInterface is { } appeared)
                {
                    _missingInterface = null;
                    OnFaultRemoved($"interface {appeared} created", now, actions);
                }

                break;
            case RouterInputKind.SourceAddressLost:
                if (_noSourceAddress is null)
                {
                    _noSourceAddress = input.Tracker ?? "no source address";
                    OnFaultAdded(new TransitionReason(TransitionReasonKind.NoSourceAddress, Detail: _noSourceAddress), now, actions);
                }

                break;
            case RouterInputKind.KernelStateDeleted:
                if (State == RouterState.Master)
                {
                    StepDownBriefly(new TransitionReason(TransitionReasonKind.KernelStateDeleted, Detail: input.Tracker), now, actions);
                    Group?.OnMemberSteppedDownBriefly(this, now, actions);
                }

                break;
            case RouterInputKind.SourceAddressChanged:
                Options = Options with { PrimaryAddress = input.Source };
                if (_noSourceAddress is not null)
                {
                    _noSourceAddress = null;
                    OnFaultRemoved($"source address {input.Source}", now, actions);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Kind, "unknown input");
        }
    }

    /// <param name="listeningSince">When the receive path opened (≤ now): the initial down timer counts from it.</param>
    private void OnStartup(TimeSpan now, TimeSpan listeningSince, List<RouterAction> actions)
    {
        if (State is not (RouterState.Initialize or RouterState.Stopped))
        {
            return;
        }

        EffectivePriority = _basePriority;
        _masterAdverInterval = _adverInterval;
        _preemptAt = null;
        MasterAddress = default;
        WantsMaster = false;
        _nextMasterReason = new TransitionReason(TransitionReasonKind.MasterDownTimerExpired);

        if (HasFault || Group?.State == RouterState.Fault)
        {
            EnterFault(FaultReason(), now, actions);
        }
        else if (_basePriority == 255 && Options.InitialState == RouterState.Master && now < StartupDelayUntil)
        {
            // keepalived: the owner starts as a backup whose down timer is ~0, which the startup delay pushes out.
            ChangeState(RouterState.Backup, new TransitionReason(TransitionReasonKind.Startup), actions);
            _nextMasterReason = new TransitionReason(TransitionReasonKind.AddressOwnerStartup);
            _timerAt = StartupDelayUntil;
        }
        else if (_basePriority == 255 && Options.InitialState == RouterState.Master)
        {
            // RFC 5798 §6.4.1: the address owner goes straight to MASTER. keepalived 2.2.7 does
            // this only when `state MASTER` is also configured (otherwise it waits as a backup).
            BecomeMaster(new TransitionReason(TransitionReasonKind.AddressOwnerStartup), now, actions);
        }
        else
        {
            // keepalived 2.2.7: a non-owner with `state MASTER` still waits Master_Down_Interval.
            ChangeState(RouterState.Backup, new TransitionReason(TransitionReasonKind.Startup), actions);
            _timerAt = BackupDeadline(listeningSince, MasterDownInterval);
        }
    }

    private void OnShutdown(List<RouterAction> actions)
    {
        if (State is RouterState.Initialize or RouterState.Stopped)
        {
            return;
        }

        if (State == RouterState.Master)
        {
            // RFC 5798 §6.4.3: a master that is shutting down sends priority 0 so that a backup
            // takes over after Skew_Time instead of Master_Down_Interval.
            actions.Add(new RouterAction(RouterActionKind.SendAdvertisement, this, Priority: 0));
            actions.Add(new RouterAction(RouterActionKind.RemoveVirtualAddresses, this));
        }

        ClearTimers();
        ChangeState(RouterState.Stopped, new TransitionReason(TransitionReasonKind.Shutdown), actions);
    }

    private void OnAdvertisement(int priority, int intervalCentiseconds, NetAddress source, TimeSpan now, List<RouterAction> actions)
    {
        // keepalived ignores adverts in FAULT and INIT (vrrp_dispatcher_read).
        if (State == RouterState.Backup)
        {
            BackupReceive(priority, intervalCentiseconds, source, now);
        }
        else if (State == RouterState.Master)
        {
            MasterReceive(priority, intervalCentiseconds, source, now, actions);
        }
    }

    /// <summary>RFC 5798 §6.4.2 "If an ADVERTISEMENT is received", as keepalived's vrrp_state_backup.</summary>
    private void BackupReceive(int priority, int intervalCentiseconds, NetAddress source, TimeSpan now)
    {
        if (priority == 0)
        {
            // The master is stopping: take over after Skew_Time.
            _timerAt = BackupDeadline(now, SkewTime);
            _nextMasterReason = new TransitionReason(TransitionReasonKind.MasterReleased, 0, source);
            return;
        }

        bool delayingPreemption = Options.PreemptDelay > TimeSpan.Zero && (_preemptAt is null || _preemptAt > now);
        if (!Options.Preempt || priority >= EffectivePriority || delayingPreemption)
        {
            if (Options.Version == 3)
            {
                // RFC 5798 §6.4.2: set Master_Adver_Interval to the advert's Max Adver Int.
                _masterAdverInterval = VrrpTimers.FromCentiseconds(intervalCentiseconds);
            }

            _timerAt = BackupDeadline(now, MasterDownInterval);
            MasterAddress = source;
            WantsMaster = false;
            _nextMasterReason = new TransitionReason(TransitionReasonKind.MasterDownTimerExpired, priority, source);
            if (Options.PreemptDelay > TimeSpan.Zero)
            {
                if (priority >= EffectivePriority)
                {
                    _preemptAt = null;
                }
                else
                {
                    _preemptAt ??= now + Options.PreemptDelay;
                }
            }

            return;
        }

        // Preempt and a lower priority: discard the advert so the down timer (running since the
        // last accepted advert) expires and we take over (keepalived: "received lower priority
        // advert - discarding").
        MasterAddress = source;
        _nextMasterReason = new TransitionReason(TransitionReasonKind.PreemptedLowerPriority, priority, source);
    }

    /// <summary>RFC 5798 §6.4.3 "If an ADVERTISEMENT is received", as keepalived's vrrp_state_master_rx.</summary>
    private void MasterReceive(int priority, int intervalCentiseconds, NetAddress source, TimeSpan now, List<RouterAction> actions)
    {
        if (priority == 0)
        {
            // RFC 5798 §6.4.3: answer at once so the stopping router's backups see a master.
            SendAdvert(actions);
            _timerAt = now + _adverInterval;
            return;
        }

        int addressOrder = source.CompareTo(Options.PrimaryAddress);
        bool higher = priority > EffectivePriority || (priority == EffectivePriority && addressOrder > 0);
        if (higher && Options.HigherPrioritySendAdvert)
        {
            SendAdvert(actions);
        }

        if (priority == EffectivePriority && addressOrder != 0 && EffectivePriority == 255)
        {
            // keepalived 2.2.7 (vrrp_state_master_rx): two address owners is a configuration error;
            // it logs and permanently drops its own priority to 254, so the other owner wins.
            _basePriority = 254;
            EffectivePriority = 254;
            actions.Add(new RouterAction(RouterActionKind.OwnerConflict, this, Priority: priority, Reason: new TransitionReason(TransitionReasonKind.HigherPriorityReceived, priority, source)));
            higher = true;
        }

        bool lower = priority < EffectivePriority || (priority == EffectivePriority && addressOrder < 0);
        if (lower)
        {
            // A lower-priority router believes it is master. RFC 5798 says discard; keepalived
            // (and RFC 9568) answer with an advert plus GARPs ("forcing new election") so that
            // router steps down and the LAN's ARP caches point back at us. At most one such answer
            // per advert interval: a flood of (possibly spoofed) lower-priority adverts must not be
            // amplified into a flood of adverts and GARPs; the answered router hears our next one anyway.
            if (_lastLowerPriorityAnswerAt is TimeSpan last && now - last < _adverInterval)
            {
                SuppressedLowerPriorityAnswers++;
                return;
            }

            _lastLowerPriorityAnswerAt = now;
            if (!Options.LowerPriorityNoAdvert)
            {
                SendAdvert(actions);
                _timerAt = now + _adverInterval;
            }

            SendLowerPriorityGarps(now, actions);
            Group?.OnMemberHeardLowerPriority(this, now, actions);
            return;
        }

        if (higher)
        {
            if (Options.Version == 3)
            {
                _masterAdverInterval = VrrpTimers.FromCentiseconds(intervalCentiseconds);
            }

            MasterAddress = source;
            var reason = priority > EffectivePriority
                ? new TransitionReason(TransitionReasonKind.HigherPriorityReceived, priority, source)
                : new TransitionReason(TransitionReasonKind.EqualPriorityHigherAddress, priority, source);
            LeaveMaster(RouterState.Backup, reason, now, actions);
            return;
        }

        // Our own address at our priority (a loop or a duplicate address): keepalived warns and
        // keeps going; like any processed advert it restarts the advert timer.
        _timerAt = now + _adverInterval;
    }

    private void OnDeadline(TimeSpan now, List<RouterAction> actions)
    {
        if (_garpDelayedAt <= now)
        {
            // keepalived garp_master_delay: the second burst after becoming master.
            _garpDelayedAt = s_never;
            actions.Add(new RouterAction(RouterActionKind.SendGratuitousArpBurst, this, Count: Options.GarpMasterRepeat));
        }

        if (_garpLowerPrioAt <= now)
        {
            // keepalived vrrp_lower_prio_gratuitous_arp_thread: the garp_lower_prio_delay burst.
            actions.Add(new RouterAction(RouterActionKind.SendGratuitousArpBurst, this, Count: Options.GarpLowerPriorityRepeat));
            _garpLowerPrioAt = _garpLowerPrioLastAt;
            _garpLowerPrioLastAt = s_never;
        }

        if (_timerAt > now)
        {
            return;
        }

        if (State == RouterState.Backup)
        {
            WantsMaster = true;
            if (Group is { } group && !group.CanGoMaster(this))
            {
                // keepalived vrrp_sync_can_goto_master: prefer BACKUP until every member wants
                // MASTER (avoids thrashing); re-arm and keep waiting.
                _timerAt = BackupDeadline(now, MasterDownInterval);
                return;
            }

            BecomeMaster(_nextMasterReason, now, actions);
        }
        else if (State == RouterState.Master)
        {
            SendAdvert(actions);
            _timerAt = NextOnGrid(_timerAt, now);
            if (_garpRefreshAt <= now)
            {
                actions.Add(new RouterAction(RouterActionKind.SendGratuitousArpBurst, this, Count: Options.GarpMasterRefreshRepeat));
                _garpRefreshAt = now + Options.GarpMasterRefresh;
            }

            if (_garpExtraAt <= now)
            {
                actions.Add(new RouterAction(RouterActionKind.SendExtraInterfaceGratuitousArp, this, Count: 1));
                _garpExtraAt = now + Options.GarpExtraInterfaceInterval;
            }
        }
        else
        {
            _timerAt = s_never;
        }
    }

    /// <summary>
    /// The master's adverts stay on an absolute grid: the next one is due one interval after the previous
    /// deadline, not after the (late) moment it was handled, so wake-up latency never accumulates into drift.
    /// After a wake-up later than a whole interval the missed slots are skipped (no burst), keeping the phase.
    /// </summary>
    private TimeSpan NextOnGrid(TimeSpan previousDeadline, TimeSpan now)
    {
        TimeSpan next = previousDeadline + _adverInterval;
        if (next <= now)
        {
            next += _adverInterval * (((now - next).Ticks / _adverInterval.Ticks) + 1);
        }

        return next;
    }

    private void OnPriorityChanged(int totalPriority)
    {
        // keepalived vrrp_set_effective_priority: an address owner's priority never changes;
        // others are clamped to 1..254.
        if (_basePriority == 255)
        {
            return;
        }

        int newPriority = Math.Clamp(totalPriority, 1, 254);
        if (newPriority == EffectivePriority)
        {
            return;
        }

        TimeSpan oldDown = MasterDownInterval;
        EffectivePriority = newPriority;
        if (State == RouterState.Backup)
        {
            // The running down timer moves by the change in Skew_Time at once. keepalived shifts
            // by the difference to its stored ms_down_timer; we shift by the difference of the
            // two Master_Down_Intervals, which is the same whenever the timer was set by an advert.
            _timerAt += MasterDownInterval - oldDown;
        }

        // A master advertises the new priority with its next advert (keepalived does not send early).
    }

    private void OnFaultAdded(TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        if (State is RouterState.Backup or RouterState.Master)
        {
            EnterFault(reason, now, actions);
        }
    }

    private void OnFaultRemoved(string what, TimeSpan now, List<RouterAction> actions)
    {
        if (HasFault || State != RouterState.Fault)
        {
            return;
        }

        if (Group is { } group)
        {
            group.OnMemberFaultCleared(this, what, now, actions);
        }
        else
        {
            LeaveFault(new TransitionReason(TransitionReasonKind.FaultCleared, Detail: what), now, actions);
        }
    }

    private TransitionReason FaultReason()
    {
        if (_missingInterface is not null)
        {
            return new TransitionReason(TransitionReasonKind.InterfaceMissing, Detail: _missingInterface);
        }

        if (_interfaceDown)
        {
            return new TransitionReason(TransitionReasonKind.InterfaceDown);
        }

        if (_noSourceAddress is not null)
        {
            return new TransitionReason(TransitionReasonKind.NoSourceAddress, Detail: _noSourceAddress);
        }

        if (_failedTrackers is { Count: > 0 })
        {
            return new TransitionReason(TransitionReasonKind.TrackerFailed, Detail: _failedTrackers.First());
        }

        return new TransitionReason(TransitionReasonKind.SyncGroup, Detail: $"{Group?.Name} is in FAULT");
    }

    internal void EnterFault(TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        if (State == RouterState.Master)
        {
            LeaveMaster(RouterState.Fault, reason, now, actions);
            return;
        }

        ClearTimers();
        ChangeState(RouterState.Fault, reason, actions);
        Group?.OnMemberFault(this, now, actions);
    }

    /// <summary>keepalived vrrp_state_leave_fault: back to BACKUP with our own interval and a full down timer.</summary>
    internal void LeaveFault(TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        _masterAdverInterval = _adverInterval;
        _preemptAt = null;
        WantsMaster = false;
        _nextMasterReason = new TransitionReason(TransitionReasonKind.MasterDownTimerExpired);
        ChangeState(RouterState.Backup, reason, actions);
        _timerAt = BackupDeadline(now, MasterDownInterval);
    }

    internal void BecomeMaster(TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        RouterState from = State;
        // keepalived resets master_adver_int to the configured interval on becoming master
        // (vrrp_state_become_master; in 2.2.7 only when detailed logging is on, which we treat as a bug).
        _masterAdverInterval = _adverInterval;
        _preemptAt = null;
        WantsMaster = true;
        State = RouterState.Master;
        TransitionCount++;
        actions.Add(new RouterAction(RouterActionKind.StateChanged, this, From: from, To: RouterState.Master, Reason: reason));
        // keepalived vrrp_state_master_tx: the advert goes first so the old master drops the
        // addresses before our gratuitous ARPs arrive.
        SendAdvert(actions);
        actions.Add(new RouterAction(RouterActionKind.AddVirtualAddresses, this));
        if (Options.GarpMasterRepeat > 0)
        {
            actions.Add(new RouterAction(RouterActionKind.SendGratuitousArpBurst, this, Count: Options.GarpMasterRepeat));
        }

        actions.Add(new RouterAction(RouterActionKind.RunNotify, this, To: RouterState.Master, Reason: reason));
        _timerAt = now + _adverInterval;
        _garpDelayedAt = Options.GarpMasterDelay > TimeSpan.Zero && Options.GarpMasterRepeat > 0 ? now + Options.GarpMasterDelay : s_never;
        _garpRefreshAt = Options.GarpMasterRefresh > TimeSpan.Zero ? now + Options.GarpMasterRefresh : s_never;
        _garpExtraAt = Options.GarpExtraInterfaceInterval > TimeSpan.Zero ? now + Options.GarpExtraInterfaceInterval : s_never;
        Group?.OnMemberBecameMaster(this, now, actions);
    }

    /// <summary>
    /// keepalived vrrp_state_leave_master: drop the addresses; entering FAULT also sends priority 0, unless the
    /// interface itself is gone (keepalived closes its sockets before it brings the instance down: nothing to send on).
    /// </summary>
    internal void LeaveMaster(RouterState to, TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        if (to == RouterState.Fault && reason.Kind != TransitionReasonKind.InterfaceMissing)
        {
            actions.Add(new RouterAction(RouterActionKind.SendAdvertisement, this, Priority: 0));
        }

        actions.Add(new RouterAction(RouterActionKind.RemoveVirtualAddresses, this));
        ClearTimers();
        WantsMaster = false;
        ChangeState(to, reason, actions);
        if (to == RouterState.Backup)
        {
            _timerAt = BackupDeadline(now, MasterDownInterval);
            _nextMasterReason = reason.Kind == TransitionReasonKind.SyncGroup
                ? new TransitionReason(TransitionReasonKind.MasterDownTimerExpired)
                : new TransitionReason(TransitionReasonKind.MasterDownTimerExpired, reason.Priority, reason.Peer);
            Group?.OnMemberBecameBackup(this, now, actions);
        }
        else
        {
            Group?.OnMemberFault(this, now, actions);
        }
    }

    /// <summary>
    /// keepalived set_vrrp_backup: leave MASTER as when stopping (priority 0, so the backups do not wait a whole
    /// Master_Down_Interval; addresses, routes and rules removed), then take over again after only Skew_Time, which
    /// puts back whatever was deleted. The sync group is moved by the caller, with the same quick return.
    /// </summary>
    internal void StepDownBriefly(TransitionReason reason, TimeSpan now, List<RouterAction> actions)
    {
        actions.Add(new RouterAction(RouterActionKind.SendAdvertisement, this, Priority: 0));
        actions.Add(new RouterAction(RouterActionKind.RemoveVirtualAddresses, this));
        ClearTimers();
        WantsMaster = false;
        _preemptAt = null;
        ChangeState(RouterState.Backup, reason, actions);
        _timerAt = BackupDeadline(now, SkewTime);
        _nextMasterReason = new TransitionReason(TransitionReasonKind.MasterDownTimerExpired);
    }

    private void ChangeState(RouterState to, TransitionReason reason, List<RouterAction> actions)
    {
        RouterState from = State;
        State = to;
        TransitionCount++;
        actions.Add(new RouterAction(RouterActionKind.StateChanged, this, From: from, To: to, Reason: reason));
        actions.Add(new RouterAction(RouterActionKind.RunNotify, this, To: to, Reason: reason));
    }

    /// <summary>A backup's down timer: <paramref name="interval"/> from now, or from the end of the startup delay while it lasts.</summary>
    private TimeSpan BackupDeadline(TimeSpan now, TimeSpan interval) => (now < StartupDelayUntil ? StartupDelayUntil : now) + interval;

    private void SendAdvert(List<RouterAction> actions) =>
        actions.Add(new RouterAction(RouterActionKind.SendAdvertisement, this, Priority: EffectivePriority));

    /// <summary>
    /// keepalived vrrp_state_master_rx on a lower-priority advert: garp_lower_prio_repeat GARPs at once and, when
    /// garp_lower_prio_delay is set, the same burst again that long after. keepalived arms one timer per answer;
    /// pending ones collapse to the first and the last (bounded state; answers are already at most one per interval).
    /// </summary>
    internal void SendLowerPriorityGarps(TimeSpan now, List<RouterAction> actions)
    {
        if (Options.GarpLowerPriorityRepeat <= 0)
        {
            return;
        }

        actions.Add(new RouterAction(RouterActionKind.SendGratuitousArpBurst, this, Count: Options.GarpLowerPriorityRepeat));
        if (Options.GarpLowerPriorityDelay > TimeSpan.Zero)
        {
            TimeSpan due = now + Options.GarpLowerPriorityDelay;
            if (_garpLowerPrioAt == s_never)
            {
                _garpLowerPrioAt = due;
            }
            else
            {
                _garpLowerPrioLastAt = due;
            }
        }
    }

    private void ClearTimers()
    {
        _timerAt = s_never;
        _garpDelayedAt = s_never;
        _garpRefreshAt = s_never;
        _garpExtraAt = s_never;
        _garpLowerPrioAt = s_never; // keepalived's delayed burst finds no VIPs set once we left MASTER: nothing sent
        _garpLowerPrioLastAt = s_never;
    }
}
