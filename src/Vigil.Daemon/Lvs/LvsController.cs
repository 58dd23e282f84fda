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
    private readonly CheckSocketFactory _sockets;
    private readonly LvsState _state;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _checkers = [];
    private bool _stopped;

    private LvsController(IpvsClient? client, LvsState state, ILogger logger, CheckSocketFactory sockets)
    {
        _client = client;
        _sockets = sockets;
        _state = state;
        _logger = logger;
    }

    /// <summary>
    /// Installs the services and starts the checkers. Throws <see cref="IpvsUnavailableException"/> where
    /// the kernel has no IPVS and <see cref="SyscallException"/> when the kernel refuses a service (an
    /// unknown scheduler module, for one).
    /// </summary>
    public static LvsController Start(IReadOnlyList<VirtualServer> servers, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(servers);
        IpvsClient client = IpvsClient.Open();
        try
        {
            return Start(servers, new KernelIpvsTable(client), client, logger, (family, type, protocol) => new System.Net.Sockets.Socket(family, type, protocol));
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
    internal static LvsController Start(IReadOnlyList<VirtualServer> servers, IIpvsTable table, IpvsClient? client, ILogger logger, CheckSocketFactory sockets)
    {
        var state = new LvsState(servers, table);
        var controller = new LvsController(client, state, logger, sockets);
        try
        {
            int removed = state.Install();
            if (removed > 0)
            {
                Log.LeftoversRemoved(logger, removed);
            }

            foreach (LvsState.ServiceState service in state.Services)
            {
                Log.ServiceInstalled(logger, service.Kernel.ToString(), service.Config.Scheduler, service.Reals.Count(r => r.InTable), service.Reals.Length);
            }

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

    /// <summary>The checkers' view of every virtual server, for <c>vigil status</c> and the metrics.</summary>
    public IReadOnlyList<Status.VirtualServerStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _state.Services.Select(s => new Status.VirtualServerStatus
            {
                Service = s.Kernel.ToString(),
                Scheduler = s.Config.Scheduler,
                Method = s.Config.Method switch { LvsMethod.DirectRoute => "DR", LvsMethod.Tunnel => "TUN", _ => "NAT" },
                QuorumUp = s.QuorumUp,
                SorryServerActive = s.SorryInTable ? s.Config.SorryServer?.ToString() : null,
                RealServers = [.. s.Reals.Select(r => new Status.RealServerStatus
                {
                    Address = r.Config.ToString(),
                    State = r.Alive ? "UP" : "DOWN",
                    Weight = r.InTable ? (r.Alive ? r.Config.Weight : 0) : null,
                    ConfiguredWeight = r.Config.Weight,
                    Checkers = [.. r.Checkers.Select((up, i) => $"{r.Config.Checks[i].Kind} {(up ? "up" : "down")}")],
                })],
            })];
        }
    }

    /// <summary>Stops the checkers and removes the services (idempotent).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _stopping.Cancel();
        try
        {
            Task.WaitAll([.. _checkers], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // a checker that failed has been logged; the table is removed regardless
        }

        lock (_gate)
        {
            _state.Uninstall();
        }

        Log.ServicesRemoved(_logger, _state.Services.Count);
    }

    public void Dispose()
    {
        Stop();
        _client?.Dispose();
        _stopping.Dispose();
    }

    private void StartCheckers()
    {
        for (int s = 0; s < _state.Services.Count; s++)
        {
            LvsState.ServiceState service = _state.Services[s];
            for (int r = 0; r < service.Reals.Length; r++)
            {
                RealServer real = service.Reals[r].Config;
                for (int c = 0; c < real.Checks.Count; c++)
                {
                    (int si, int ri, int ci) = (s, r, c);
                    IHealthProbe probe = HealthProbes.Create(real.Checks[c], real, _sockets);
                    _checkers.Add(Task.Run(() => CheckerLoop.RunAsync(probe, real.Checks[ci].Timing,
                        result => Apply(si, ri, ci, result.Up, result.Up ? result.Detail : $"{probe.Name} failed: {result.Detail}"), _stopping.Token)));
                }
            }
        }
    }

    private void Apply(int service, int real, int checker, bool up, string why)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            LvsState.ServiceState s = _state.Services[service];
            try
            {
                if (_state.Report(service, real, checker, up) is { } change)
                {
                    Log.RealServerChanged(_logger, s.Reals[real].Config.ToString(), s.Kernel.ToString(), up ? "UP" : "DOWN", change, why);
                }
            }
            catch (SyscallException e)
            {
                Log.TableChangeFailed(_logger, s.Reals[real].Config.ToString(), s.Kernel.ToString(), e.Message);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "IPVS: removed {Count} service(s) of this configuration left by an earlier run")]
        public static partial void LeftoversRemoved(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: virtual server {Service} ({Scheduler}) installed with {InTable} of {Total} real server(s)")]
        public static partial void ServiceInstalled(ILogger logger, string service, string scheduler, int inTable, int total);

        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: removed {Count} virtual server(s) at stop")]
        public static partial void ServicesRemoved(ILogger logger, int count);

        [LoggerMessage(Level = LogLevel.Warning, Message = "real server {Real} of {Service} is {State}: {Change} ({Why})")]
        public static partial void RealServerChanged(ILogger logger, string real, string service, string state, string change, string why);

        [LoggerMessage(Level = LogLevel.Error, Message = "IPVS: could not apply the checker verdict for real server {Real} of {Service}: {Error}")]
        public static partial void TableChangeFailed(ILogger logger, string real, string service, string error);
    }
}
