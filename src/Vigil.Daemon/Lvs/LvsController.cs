using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;
using Vigil.Linux;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// The LVS half of <c>vigil run</c>: installs the virtual servers in IPVS (removing same-key leftovers of
/// a crashed run), runs their TCP_CHECKs, applies each verdict to the table, and removes the services
/// at stop, as keepalived's checker process does. Checkers run on the thread pool; table changes are
/// serialised by one lock (the netlink client is single-owner).
/// </summary>
public sealed partial class LvsController : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IpvsClient? _client;
    private readonly IIpvsTable _table;
    private readonly CheckSocketFactory _sockets;
    private readonly LvsState _state;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _checkers = [];
    private readonly Dictionary<LvsState.RealServerState, CancellationTokenSource> _checkerStops = new(ReferenceEqualityComparer.Instance);
    private bool _stopped;
    private LvsScripts? _scripts;
    private TcpCheckEngine? _engine;
    private FileCheckWatchers? _files;

    private LvsController(IpvsClient? client, IIpvsTable table, LvsState state, ILogger logger, CheckSocketFactory sockets)
    {
        _client = client;
        _table = table;
        _sockets = sockets;
        _state = state;
        _logger = logger;
    }

    /// <summary>
    /// Installs the services and starts the checkers. Throws <see cref="IpvsUnavailableException"/> where
    /// the kernel has no IPVS (and <see cref="SyscallException"/> when the table cannot be read); a service the
    /// kernel refuses (an unknown scheduler module, for one) is logged as an error at its line and left out of the
    /// table; its checkers run as keepalived's do, their verdicts shown in the status only.
    /// </summary>
    public static LvsController Start(IReadOnlyList<VirtualServer> servers, GlobalDefs global, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(servers);
        IpvsClient client = IpvsClient.Open();
        try
        {
            return Start(servers, new KernelIpvsTable(client), client, logger, (family, type, protocol) => new System.Net.Sockets.Socket(family, type, protocol), new LvsScripts(global, logger), new TcpCheckEngine());
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The same over any table, with the checkers' sockets from <paramref name="sockets"/> (tests: a recording
    /// table, and sockets opened inside a lab namespace so real servers there are checked for real).
    /// </summary>
    internal static LvsController Start(IReadOnlyList<VirtualServer> servers, IIpvsTable table, IpvsClient? client, ILogger logger, CheckSocketFactory sockets, LvsScripts? scripts = null, TcpCheckEngine? engine = null)
    {
        var files = new FileCheckWatchers(logger);
        var state = new LvsState(servers, table) { Known = c => c is FileCheck f && files.Value(f) is var v ? FileCheckVerdict.Of(FileCheckVerdict.InRange(v) ? v : 0, f) : null };
        var controller = new LvsController(client, table, state, logger, sockets) { _scripts = scripts, _engine = engine, _files = files };
        try
        {
            int removed = state.Install();
            if (removed > 0)
            {
                Log.LeftoversRemoved(logger, removed);
            }

            foreach ((LvsState.ServiceState service, string error) in state.Refused)
            {
                Log.ServiceRefused(logger, service.Config.Location.ToString(), service.Kernel.ToString(), error);
            }

            foreach (LvsState.ServiceState service in state.Services)
            {
                Log.ServiceInstalled(logger, service.Kernel.ToString(), service.Config.Scheduler, service.Reals.Count(r => r.InTable), service.Reals.Length);
            }

            controller.PostNotifications();
            controller.StartCheckers();
            return controller;
        }
        catch
        {
            controller.Stop();
            controller._stopping.Dispose();
            throw;
        }
    }

    /// <summary>The checkers' view of every virtual server, with the kernel's counters, for <c>vigil status</c>, the dumps and the metrics.</summary>
    public IReadOnlyList<Status.VirtualServerStatus> Snapshot()
    {
        lock (_gate)
        {
            LvsTraffic traffic = LvsTraffic.Read(_state, _table);
            return [.. _state.Services.Select(s => new Status.VirtualServerStatus
            {
                Service = s.Kernel.ToString(),
                Scheduler = s.Config.Scheduler,
                Method = LvsTraffic.MethodName(s.Config.Method),
                QuorumUp = s.QuorumUp,
                SorryServerActive = s.SorryActive ? s.Config.SorryServer?.ToString() : null,
                Vip = LvsTraffic.ExporterAddress(s.Kernel.Address, s.Kernel.Port),
                Protocol = (int)s.Kernel.Protocol,
                Quorum = s.Config.Quorum,
                Hysteresis = s.Config.Hysteresis,
                LiveWeight = s.LiveWeight,
                Alpha = s.Config.Alpha,
                Omega = s.Config.Omega,
                DelayLoopSeconds = s.Config.Timing.DelayLoop.TotalSeconds,
                PersistenceTimeout = s.Config.PersistenceTimeout,
                Traffic = traffic.Of(s),
                RealServers = RealServers(s, traffic),
            }), .. _state.Refused.Select(r => new Status.VirtualServerStatus
            {
                Service = r.Service.Kernel.ToString(),
                Scheduler = r.Service.Config.Scheduler,
                Method = LvsTraffic.MethodName(r.Service.Config.Method),
                NotInstalled = r.Error,
                RealServers = RealServers(r.Service, LvsTraffic.None),
                Vip = LvsTraffic.ExporterAddress(r.Service.Kernel.Address, r.Service.Kernel.Port),
                Protocol = (int)r.Service.Kernel.Protocol,
            })];
        }
    }

    /// <summary>The real servers of <paramref name="s"/> with their verdicts (those of a refused service too: their checkers run) and what the kernel has of them.</summary>
    private static List<Status.RealServerStatus> RealServers(LvsState.ServiceState s, LvsTraffic traffic) =>
        [.. s.Reals.Select(r => new Status.RealServerStatus
        {
            Address = r.Config.ToString(),
            State = r.Alive ? "UP" : "DOWN",
            Weight = r.WeightInTable,
            ConfiguredWeight = r.Config.Weight,
            Checkers = [.. r.Checkers.Select((up, i) => $"{r.Config.Checks[i].Kind} {(up ? "up" : "down")}")],
            ExporterAddress = LvsTraffic.ExporterAddress(r.Config.Address, r.Config.Port),
            Method = LvsTraffic.MethodName(r.Config.Method),
            InhibitOnFailure = r.Config.InhibitOnFailure,
            Traffic = traffic.Of(s, r),
            ActiveConnections = traffic.Destination(s, r)?.ActiveConnections ?? 0,
            InactiveConnections = traffic.Destination(s, r)?.InactiveConnections ?? 0,
        })];

    /// <summary>Stops the checkers and removes the services (idempotent).</summary>
    public void Stop()
    {
        Task[] checkers;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            checkers = [.. _checkers];
        }

        _stopping.Cancel();
        _engine?.Dispose(); // its thread stops; a verdict it was applying has taken the gate already or sees _stopped
        _files?.Dispose();
        try
        {
            Task.WaitAll(checkers, TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // a checker that failed has been logged; the table is removed regardless
        }

        lock (_gate)
        {
            _state.Uninstall();
            PostNotifications();
        }

        _scripts?.Drain(TimeSpan.FromSeconds(2)); // omega: notify_down/quorum_down of the shutdown, bounded as keepalived's TIMER_HZ

        Log.ServicesRemoved(_logger, _state.Services.Count);
    }

    public void Dispose()
    {
        Stop();
        _client?.Dispose();
        _scripts?.Dispose();
        foreach (CancellationTokenSource stop in _checkerStops.Values)
        {
            stop.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>Hands the notify scripts the last table changes made due to the script runner (under the gate).</summary>
    private void PostNotifications()
    {
        IReadOnlyList<LvsNotification> due = _state.TakeNotifications();
        if (due.Count > 0)
        {
            _scripts?.Post(due);
        }
    }

    /// <summary>Starts every checker, those of refused services too: keepalived 2.2.7 runs them (their verdicts change nothing in the table).</summary>
    private void StartCheckers() => StartCheckers(_state.Services.Concat(_state.Refused.Select(r => r.Service)).SelectMany(s => s.Reals));

    /// <summary>Starts the checkers of <paramref name="reals"/>, each set stoppable on its own (a reload retires a real server's checkers).</summary>
    private void StartCheckers(IEnumerable<LvsState.RealServerState> reals)
    {
        foreach (LvsState.RealServerState real in reals)
        {
            // a stop source only for a real server with a task-based checker: 1,000 TCP_CHECKs on the engine need none (~200 B each)
            CancellationTokenSource? stop = null;
            for (int c = 0; c < real.Config.Checks.Count; c++)
            {
                int ci = c;
                HealthCheck check = real.Config.Checks[c];
                if (check is FileCheck file)
                {
                    // FILE_CHECK: no loop of its own; each new value of its track_file is a verdict at once
                    _files!.Add(real, file, value =>
                    {
                        (bool up, int delta) = FileCheckVerdict.Of(value, file);
                        Apply(real, ci, up, $"FILE_CHECK: track_file {file.TrackFileName} reads {value}", up ? real.Config.Weight + delta : null);
                    });
                    continue;
                }

                if (_engine is not null && check is TcpCheck or PingCheck)
                {
                    // TCP_CHECK and PING_CHECK: one slot on the engine's thread, no task or socket object per check
                    bool echo = check is PingCheck;
                    IPEndPoint target = echo ? new(check.ConnectIp ?? real.Config.Address, 0) : HealthProbes.Target(real.Config, check);
                    var slot = new EngineSlot(this, real, c, target, check.Timing, echo) { Source = CheckSource.Of(check), Next = (EngineSlot?)real.EngineSlots };
                    real.EngineSlots = slot;
                    _engine.Add(slot);
                    continue;
                }

                IHealthProbe probe = HealthProbes.Create(check, real.Config, _sockets, _scripts);
                stop ??= _checkerStops[real] = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                CancellationToken token = stop.Token;
                _checkers.Add(Task.Run(() => CheckerLoop.RunAsync(probe, check.Timing,
                    result => Apply(real, ci, result.Up, result.Up ? result.Detail : $"{probe.Name} failed: {result.Detail}", result.Weight), token,
                    problem => SourceChanged(real, probe.Name, problem))));
            }
        }
    }

    /// <summary>Stops the checkers of real servers a reload removed or whose checkers it replaced.</summary>
    private void StopCheckers(IEnumerable<LvsState.RealServerState> reals)
    {
        foreach (LvsState.RealServerState real in reals)
        {
            if (_checkerStops.Remove(real, out CancellationTokenSource? stop))
            {
                stop.Cancel();
                stop.Dispose();
            }

            _files?.Remove(real);
            for (var slot = (EngineSlot?)real.EngineSlots; slot is not null; slot = slot.Next)
            {
                _engine!.Remove(slot);
            }

            real.EngineSlots = null;
        }

        _checkers.RemoveAll(t => t.IsCompleted);
    }

    /// <summary>A checker's source (bindto, bind_if, fwmark) could not be set (<paramref name="problem"/>), or can again (null).</summary>
    private void SourceChanged(LvsState.RealServerState real, string checker, string? problem)
    {
        if (problem is null)
        {
            Log.CheckSourceRestored(_logger, checker, real.Config.ToString(), real.Service.Kernel.ToString());
        }
        else
        {
            Log.CheckSourceFailed(_logger, checker, real.Config.ToString(), real.Service.Kernel.ToString(), problem);
        }
    }

    private void Apply(LvsState.RealServerState real, int checker, bool up, string why, int? weight = null) => Apply(real, checker, up, why, static w => w, weight);

    /// <summary>One checker's verdict applied to the table; the reason is built only when the verdict changed something.</summary>
    private void Apply<T>(LvsState.RealServerState real, int checker, bool up, T state, Func<T, string> why, int? weight = null)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            try
            {
                if (_state.Report(real, checker, up, weight) is { } change)
                {
                    Log.RealServerChanged(_logger, real.Config.ToString(), real.Service.Kernel.ToString(), up ? "UP" : "DOWN", change, why(state));
                    PostNotifications();
                }
            }
            catch (SyscallException e)
            {
                Log.TableChangeFailed(_logger, real.Config.ToString(), real.Service.Kernel.ToString(), e.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "IPVS: removed {Count} service(s) of this configuration left by an earlier run")]
        public static partial void LeftoversRemoved(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: virtual server {Service} ({Scheduler}) installed with {InTable} of {Total} real server(s)")]
        public static partial void ServiceInstalled(ILogger logger, string service, string scheduler, int inTable, int total);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Location}: IPVS refused virtual server {Service}: {Error}; running without it (as keepalived 2.2.7 does): its checkers run but change nothing in the table, the other virtual servers and VRRP go on; a reload tries it again")]
        public static partial void ServiceRefused(ILogger logger, string location, string service, string error);

        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: removed {Count} virtual server(s) at stop")]
        public static partial void ServicesRemoved(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Checker} of real server {Real} of {Service} did not run: {Problem}; the real server keeps its state and the check is tried again each delay_loop (as keepalived does)")]
        public static partial void CheckSourceFailed(ILogger logger, string checker, string real, string service, string problem);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Checker} of real server {Real} of {Service} runs again: its source is set")]
        public static partial void CheckSourceRestored(ILogger logger, string checker, string real, string service);

        [LoggerMessage(Level = LogLevel.Warning, Message = "real server {Real} of {Service} is {State}: {Change} ({Why})")]
        public static partial void RealServerChanged(ILogger logger, string real, string service, string state, string change, string why);

        [LoggerMessage(Level = LogLevel.Error, Message = "IPVS: could not apply the checker verdict for real server {Real} of {Service}: {Error}")]
        public static partial void TableChangeFailed(ILogger logger, string real, string service, string error);
    }
}
