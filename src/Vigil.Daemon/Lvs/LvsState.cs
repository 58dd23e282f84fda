using Vigil.Config.Model;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// What the checkers have decided, and what that means for the IPVS table, as keepalived 2.2.7 does it
/// (check_api.c, ipwrapper.c): a real server is in the table while every one of its checkers is up
/// (one success brings a checker up; <c>retry</c> more failures take it down); with
/// <c>inhibit_on_failure</c> a failed server stays at weight 0; when the live weight falls below
/// <c>quorum - hysteresis</c> the sorry server goes in, and comes out at <c>quorum + hysteresis</c>.
/// Pure table logic: the table is an <see cref="IIpvsTable"/>; callers serialise calls.
/// </summary>
internal sealed partial class LvsState
{
    private readonly IIpvsTable _table;
    private List<ServiceState> _services;
    private readonly List<LvsNotification> _notifications = [];

    public LvsState(IEnumerable<VirtualServer> servers, IIpvsTable table)
    {
        _table = table;
        _services = [.. servers.Select(s => new ServiceState(s))];
    }

    public IReadOnlyList<ServiceState> Services => _services;

    /// <summary>
    /// The verdict (and weight added) of a checker whose state is known at once — FILE_CHECK's, from its file
    /// (keepalived: no alpha for it) — or null for one that starts up, or down with <c>alpha</c>, until it has run.
    /// </summary>
    public Func<HealthCheck, (bool Up, int Delta)?>? Known { get; init; }

    /// <summary>Sets the verdicts <paramref name="real"/>'s checkers start with (and the weights known ones set).</summary>
    private void StartVerdicts(RealServerState real, bool alpha, Func<int, bool?>? kept = null)
    {
        real.ResetVerdicts();
        for (int i = 0; i < real.Config.Checks.Count; i++)
        {
            HealthCheck check = real.Config.Checks[i];
            bool up;
            if (kept?.Invoke(i) is { } keptUp)
            {
                up = keptUp;
            }
            else if (Known?.Invoke(check) is { } known)
            {
                real.SetWeight(i, known.Up ? real.Config.Weight + known.Delta : null);
                up = known.Up;
            }
            else
            {
                up = !alpha;
            }

            real.SetVerdict(i, up);
        }
    }

    /// <summary>
    /// Installs every service: a service of the same key already in the kernel (left by a crashed run, or
    /// set by hand) is removed first, so the table is exactly what the configuration says. A service the kernel
    /// refuses (a scheduler or persistence engine module missing, …) is left out, with its error in
    /// <see cref="Refused"/>, and the others are installed: keepalived 2.2.7's init_service_vs logs the failed
    /// IPVS command and goes on. Returns the number of leftovers removed.
    /// </summary>
    public int Install()
    {
        IReadOnlyList<IpvsService> existing = _table.GetServices();
        int removed = 0;
        var installed = new List<ServiceState>(_services.Count);
        foreach (ServiceState service in _services)
        {
            try
            {
                foreach (IpvsService old in existing.Where(e => e.SameKey(service.Kernel)))
                {
                    _table.DeleteService(old);
                    removed++;
                }

                InstallService(service);
                installed.Add(service);
            }
            catch (global::Vigil.Linux.SyscallException e)
            {
                Refuse(service, e.Message);
            }
        }

        _services = installed;
        return removed;
    }

    /// <summary>The services the kernel refused (at start, or when a reload added them), with its error; a reload tries them again.</summary>
    public IReadOnlyList<(ServiceState Service, string Error)> Refused => _refused;

    private readonly List<(ServiceState Service, string Error)> _refused = [];

    /// <summary>
    /// Records <paramref name="service"/> as refused and takes out what of it got in (its service, when a destination was
    /// refused). Its checkers still run (keepalived 2.2.7 starts them all) but their verdicts change nothing in the table.
    /// </summary>
    private void Refuse(ServiceState service, string error)
    {
        _refused.Add((service, error));
        service.Refused = true;
        service.SorryInTable = service.SorryActive = false;
        foreach (RealServerState real in service.Reals)
        {
            real.Written(null);
        }

        if (!service.Added)
        {
            return; // the service itself was refused: nothing of it (nor a same-key service someone else added) is touched
        }

        try
        {
            _table.DeleteService(service.Kernel);
        }
        catch (global::Vigil.Linux.SyscallException)
        {
            // gone already
        }
    }

    /// <summary>Adds one service and its real servers as they start (up, or down until checked with <c>alpha</c>), and the sorry server when that leaves no quorum.</summary>
    private void InstallService(ServiceState service)
    {
        foreach (RealServerState real in service.Reals)
        {
            StartVerdicts(real, service.Config.Alpha); // first: a refused service's checkers run from these
        }

        _table.AddService(service.Kernel);
        service.Added = true;
        foreach (RealServerState real in service.Reals)
        {
            SyncDestination(service, real);
        }

        // keepalived (set_quorum_states): a service starts with quorum only at quorum + hysteresis.
        service.QuorumUp = service.LiveWeight >= service.Config.Quorum + service.Config.Hysteresis;
        if (!service.QuorumUp && service.Config.SorryServer is not null)
        {
            Notify(service.Config.QuorumDownScript, $"virtual server {service.Kernel} starts without quorum");
        }

        SettleSorry(service);
    }

    /// <summary>Removes every service Vigil installed (keepalived does the same at shutdown).</summary>
    public void Uninstall()
    {
        foreach (ServiceState service in _services)
        {
            if (service.Config.Omega)
            {
                // keepalived runs the down notifiers all the way down the exit in omega mode only
                foreach (RealServerState real in service.Reals.Where(r => r.Alive && !r.Retired))
                {
                    Notify(real.Config.NotifyDown, $"real server {real.Config} of {service.Kernel} DOWN (shutdown)");
                }

                if (service.QuorumUp)
                {
                    Notify(service.Config.QuorumDownScript, $"virtual server {service.Kernel} lost quorum (shutdown)");
                }
            }

            try
            {
                _table.DeleteService(service.Kernel);
            }
            catch (global::Vigil.Linux.SyscallException)
            {
                // already gone (removed by hand): nothing left to clean
            }
        }
    }

    /// <summary>The change a verdict for a real server of a refused service makes: none.</summary>
    public const string NotInKernel = "table unchanged: the kernel refused its virtual server";

    /// <summary>One checker's verdict; returns the change to the table it caused, if any.</summary>
    public string? Report(int service, int real, int checker, bool up) => Report(_services[service].Reals[real], checker, up);

    /// <summary>One checker's verdict for <paramref name="r"/>; null when nothing changed or the server left the configuration (a reload).</summary>
    public string? Report(RealServerState r, int checker, bool up, int? weight = null)
    {
        if (r.Retired)
        {
            return null;
        }

        ServiceState s = r.Service;
        bool wasAlive = r.Alive;
        int oldWeight = r.Weight;
        r.SetVerdict(checker, up);
        r.SetWeight(checker, up ? weight : null);
        if (s.Refused)
        {
            // keepalived 2.2.7 (perform_svr_state) sends the change, the kernel answers "no such service", and no notify runs
            return r.Alive == wasAlive ? null : NotInKernel;
        }

        if (r.Alive == wasAlive)
        {
            // MISC_CHECK misc_dynamic: a live server's weight follows the script's exit status.
            if (r.Alive && r.Weight != oldWeight && SyncDestination(s, r))
            {
                UpdateQuorum(s);
                return $"weight {r.Weight} (dynamic weight)";
            }

            return null;
        }

        // keepalived (perform_svr_state): while the sorry server stands in, the table is left alone.
        bool changed = SyncDestination(s, r);
        string change = !changed ? "sorry server in use: table unchanged"
            : r.Config.InhibitOnFailure ? (r.Alive ? $"weight {r.Config.Weight} restored" : "weight set to 0 (inhibit_on_failure)")
            : r.Alive ? "added" : "removed";
        Notify(r.Alive ? r.Config.NotifyUp : r.Config.NotifyDown, $"real server {r.Config} of {s.Kernel} {(r.Alive ? "UP" : "DOWN")}");
        UpdateQuorum(s);
        return change;
    }

    /// <summary>
    /// keepalived's update_quorum_state: quorum is lost when the live weight is 0 or below
    /// <c>quorum - hysteresis</c>, and regained at <c>quorum + hysteresis</c>; then the sorry server is settled.
    /// </summary>
    private void UpdateQuorum(ServiceState s)
    {
        int live = s.LiveWeight;
        if (s.QuorumUp && (live == 0 || live < s.Config.Quorum - s.Config.Hysteresis))
        {
            s.QuorumUp = false;
            Notify(s.Config.QuorumDownScript, $"virtual server {s.Kernel} lost quorum");
        }
        else if (!s.QuorumUp && live >= s.Config.Quorum + s.Config.Hysteresis)
        {
            s.QuorumUp = true;
            Notify(s.Config.QuorumUpScript, $"virtual server {s.Kernel} gained quorum");
        }

        SettleSorry(s);
    }

    /// <summary>
    /// The sorry server follows the quorum as in keepalived: when quorum is lost the live real servers leave the
    /// table (weight 0 with inhibit_on_failure) and the sorry server comes in; when it is regained the sorry
    /// server goes (weight 0 with sorry_server_inhibit, which keeps it in the table from the start) and the
    /// live real servers come back.
    /// </summary>
    private void SettleSorry(ServiceState s)
    {
        RealServer? sorry = s.Config.SorryServer;
        if (sorry is not null && !s.QuorumUp && !s.SorryActive)
        {
            s.SorryActive = true;
            foreach (RealServerState real in s.Reals)
            {
                SyncDestination(s, real);
            }

            SetSorry(s, sorry, sorry.Weight);
        }
        else if (sorry is not null && s.QuorumUp && s.SorryActive)
        {
            s.SorryActive = false;
            SetSorry(s, sorry, sorry.InhibitOnFailure ? 0 : null);
            foreach (RealServerState real in s.Reals)
            {
                SyncDestination(s, real);
            }
        }

        if (sorry is { InhibitOnFailure: true } && !s.SorryInTable)
        {
            SetSorry(s, sorry, 0);
        }
    }

    /// <summary>Puts the sorry server in the table at <paramref name="weight"/> (edited when it is there), or removes it (null).</summary>
    private void SetSorry(ServiceState s, RealServer sorry, int? weight)
    {
        if (weight is not { } w)
        {
            _table.DeleteDestination(s.Kernel, LvsMapping.Destination(sorry, 0));
            s.SorryInTable = false;
        }
        else if (s.SorryInTable)
        {
            _table.UpdateDestination(s.Kernel, LvsMapping.Destination(sorry, w));
        }
        else
        {
            _table.AddDestination(s.Kernel, LvsMapping.Destination(sorry, w));
            s.SorryInTable = true;
        }
    }

    /// <summary>
    /// Brings one real server's destination to what its verdict, its configuration and the sorry server want
    /// (in the table while alive, or at weight 0 with inhibit_on_failure; while the sorry server stands in,
    /// out, or at weight 0 with inhibit_on_failure), from what the table has for it. Returns whether the table was changed.
    /// </summary>
    private bool SyncDestination(ServiceState service, RealServerState real)
    {
        bool wanted = service.SorryActive ? real.Config.InhibitOnFailure && real.InTable : real.Alive || real.Config.InhibitOnFailure;
        int weight = real.Alive && !service.SorryActive ? real.Weight : 0;
        IpvsDestination destination = LvsMapping.Destination(real.Config, weight);
        if (wanted && !real.InTable)
        {
            _table.AddDestination(service.Kernel, destination);
        }
        else if (!wanted && real.InKernel is { } current)
        {
            _table.DeleteDestination(service.Kernel, current);
            destination = null!;
        }
        else if (wanted && destination != real.InKernel)
        {
            _table.UpdateDestination(service.Kernel, destination);
        }
        else
        {
            return false;
        }

        real.Written(wanted ? real.Config : null, weight);
        return true;
    }

    private void Notify(ScriptCommand? script, string what)
    {
        if (script is not null)
        {
            _notifications.Add(new LvsNotification(script, what));
        }
    }

    /// <summary>The notify_up/notify_down/quorum_up/quorum_down scripts due since the last call, in order.</summary>
    public IReadOnlyList<LvsNotification> TakeNotifications()
    {
        if (_notifications.Count == 0)
        {
            return [];
        }

        LvsNotification[] due = [.. _notifications];
        _notifications.Clear();
        return due;
    }

    internal sealed class ServiceState
    {
        public ServiceState(VirtualServer config)
        {
            Config = config;
            Kernel = LvsMapping.Service(config);
            Reals = [.. config.RealServers.Select(r => new RealServerState(r, this))];
        }

        public VirtualServer Config { get; set; }

        public IpvsService Kernel { get; set; }

        public RealServerState[] Reals { get; set; }

        public bool QuorumUp { get; set; } = true;

        /// <summary>The kernel accepted the service itself (its destinations may still have been refused).</summary>
        public bool Added { get; set; }

        /// <summary>The kernel refused the service or one of its destinations: nothing of it is in the table, its checkers' verdicts are only recorded.</summary>
        public bool Refused { get; set; }

        /// <summary>The sorry server is in the table (at weight 0 when unused with sorry_server_inhibit).</summary>
        public bool SorryInTable { get; set; }

        /// <summary>The sorry server stands in for the real servers (quorum lost).</summary>
        public bool SorryActive { get; set; }

        /// <summary>The weight of the live real servers (read at each verdict that changes one: a loop, not LINQ, over 1,000 of them).</summary>
        public int LiveWeight
        {
            get
            {
                int sum = 0;
                foreach (RealServerState r in Reals)
                {
                    if (r.Alive)
                    {
                        sum = checked(sum + r.Weight); // as Enumerable.Sum: overflow throws
                    }
                }

                return sum;
            }
        }
    }

    internal sealed class RealServerState(RealServer config, ServiceState service)
    {
        public RealServer Config { get; set; } = config;

        public ServiceState Service { get; set; } = service;

        /// <summary>Set when a reload removed this server or replaced its checkers: its checkers' verdicts no longer count.</summary>
        public bool Retired { get; set; }

        /// <summary>Checker i (below 64) is down when bit i is set: one word a server, not an array (32 B).</summary>
        private ulong _down;

        /// <summary>The verdicts of checkers 64 and up (a server with that many), true: up.</summary>
        private bool[]? _beyond;

        /// <summary>Each checker's verdict (true: up), in configuration order; built when asked (status, tests).</summary>
        public bool[] Checkers => [.. Enumerable.Range(0, Config.Checks.Count).Select(Verdict)];

        public bool Verdict(int checker) => checker < 64 ? (_down & (1UL << checker)) == 0 : _beyond![checker - 64];

        public void SetVerdict(int checker, bool up)
        {
            if (checker < 64)
            {
                _down = up ? _down & ~(1UL << checker) : _down | (1UL << checker);
                return;
            }

            _beyond ??= [.. Enumerable.Repeat(true, Config.Checks.Count - 64)];
            _beyond[checker - 64] = up;
        }

        /// <summary>Every checker up, as before any verdict.</summary>
        public void ResetVerdicts() => (_down, _beyond) = (0, null);

        /// <summary>Up while every checker is up (a server without checkers is always up).</summary>
        public bool Alive => _down == 0 && (_beyond is null || Array.IndexOf(_beyond, false) < 0);

        /// <summary>The weight in effect: the configured one, or what a misc_dynamic checker's exit status or a FILE_CHECK's value set (keepalived's effective_weight).</summary>
        /// <remarks>keepalived's real_weight: the sum is clamped to 0..2147483647 (a FILE_CHECK may add a negative weight).</remarks>
        public int Weight => _dynamic is { } set ? (int)Math.Clamp(Config.Weight + set.Values.Sum(static v => (long)v), 0, int.MaxValue) : Config.Weight;

        private Dictionary<int, int>? _dynamic;

        /// <summary>A checker sets the server's weight (<paramref name="weight"/>) or goes back to the configured one (null).</summary>
        public void SetWeight(int checker, int? weight)
        {
            if (weight is { } w)
            {
                (_dynamic ??= [])[checker] = w - Config.Weight;
            }
            else
            {
                _dynamic?.Remove(checker);
            }
        }

        /// <summary>The configuration the destination was last written to the table from; null while the server is not in it.</summary>
        private RealServer? _written;

        private int _writtenWeight;

        /// <summary>
        /// The destination as last written to the table; null while the server is not in it. Built again when asked
        /// (a change of verdict or a reload) from the configuration and weight written, not kept: 64 B a server.
        /// </summary>
        public IpvsDestination? InKernel => _written is { } config ? LvsMapping.Destination(config, _writtenWeight) : null;

        public bool InTable => _written is not null;

        /// <summary>The weight the table has for this server; null while it is not in it.</summary>
        public int? WeightInTable => _written is null ? null : _writtenWeight;

        /// <summary>Records what the table now has for this server: <paramref name="config"/> at <paramref name="weight"/>, or nothing (null).</summary>
        public void Written(RealServer? config, int weight = 0) => (_written, _writtenWeight) = (config, weight);

        /// <summary>Takes over what the table has for <paramref name="old"/> (a reload that replaced its state).</summary>
        public void WrittenAs(RealServerState old) => (_written, _writtenWeight) = (old._written, old._writtenWeight);

        /// <summary>The controller's: the last started of this server's checks on the TCP check engine, chained to the others (null: none).</summary>
        public Checkers.TcpCheckSlot? EngineSlots { get; set; }
    }
}

/// <summary>A notify_up/notify_down/quorum_up/quorum_down script due, and why (for the log).</summary>
internal readonly record struct LvsNotification(ScriptCommand Script, string What);
