using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Notify;
using Vigil.Daemon.EventLoop;
using Vigil.Linux;
using Vigil.Linux.Ipvs;

namespace Vigil.Daemon.Lvs;

/// <summary>
/// lvs_sync_daemon as keepalived 2.2.7 runs it: following a vrrp_instance, the kernel's master sync daemon runs while
/// that instance is MASTER and the backup daemon otherwise (backup from the start); without an instance both run for
/// the daemon's life. Daemons left by a crashed run are stopped first; Vigil's are stopped at exit. The netlink calls
/// run on a worker of their own, in order, so the VRRP loop only enqueues.
/// </summary>
public sealed partial class LvsSyncDaemonController : INotifier, IDisposable
{
    private readonly IIpvsSyncDaemons _kernel;
    private readonly ILogger _logger;
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;
    private LvsSyncDaemon _config;
    private uint _syncId;
    private IpvsSyncRole? _following; // the role the followed instance wants now (null: not following one)
    private readonly HashSet<IpvsSyncRole> _running = [];
    private bool _disposed;

    private LvsSyncDaemonController(LvsSyncDaemon config, uint syncId, IIpvsSyncDaemons kernel, ILogger logger)
    {
        _config = config;
        _syncId = syncId;
        _kernel = kernel;
        _logger = logger;
        _worker = Task.Run(Drain);
    }

    /// <summary>
    /// Opens IPVS and starts the daemons; throws <see cref="IpvsUnavailableException"/> where the kernel has no IPVS.
    /// <paramref name="isMaster"/> tells whether an instance is MASTER now (a line added by a reload starts in the role
    /// its instance has, as keepalived's reload does); without it the backup daemon starts.
    /// </summary>
    public static LvsSyncDaemonController Start(KeepalivedConfig config, ILogger logger, Func<string, bool>? isMaster = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        IpvsClient client = IpvsClient.Open();
        return Start(config, new KernelIpvsSyncDaemons(client), logger, isMaster);
    }

    internal static LvsSyncDaemonController Start(KeepalivedConfig config, IIpvsSyncDaemons kernel, ILogger logger, Func<string, bool>? isMaster = null)
    {
        LvsSyncDaemon settings = config.Global.LvsSyncDaemon ?? throw new ArgumentException("the configuration has no lvs_sync_daemon", nameof(config));
        var controller = new LvsSyncDaemonController(settings, SyncId(settings, config), kernel, logger);
        IpvsSyncRole? role = RoleOf(settings, isMaster);
        controller.Enqueue(() =>
        {
            controller.StopLeftovers();
            controller.Apply(role);
        });
        return controller;
    }

    /// <summary>The followed instance's transitions (called on the VRRP loop's thread; only enqueues).</summary>
    public void Notify(in NotifyEvent notification)
    {
        if (notification.Subject != NotifySubject.Instance || notification.Name != _config.Instance)
        {
            return;
        }

        IpvsSyncRole? wanted = notification.State switch
        {
            NotifyState.Master => IpvsSyncRole.Master,
            NotifyState.Backup or NotifyState.Fault => IpvsSyncRole.Backup,
            _ => null, // STOP: the daemon stops with Vigil
        };
        if (wanted is { } role)
        {
            Enqueue(() => Apply(role));
        }
    }

    /// <summary>
    /// A reload, as keepalived 2.2.7's (vrrp_daemon.c reload_vrrp_thread, ipvs_syncd_changed): the daemons are restarted
    /// only when the interface, sync id, maxlen, port, ttl or group changed; either way the daemon that runs afterwards
    /// is the one the followed instance's state now asks for (<paramref name="isMaster"/>, read when the reload is
    /// applied), so a reload that leaves the line alone keeps a master daemon master, and one that only names another
    /// instance switches to that instance's role without a restart.
    /// </summary>
    public void Reconfigure(KeepalivedConfig config, Func<string, bool>? isMaster = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Global.LvsSyncDaemon is not { } settings)
        {
            Enqueue(StopAll);
            return;
        }

        uint syncId = SyncId(settings, config);
        bool sameInstance = settings.Instance == _config.Instance;
        IpvsSyncRole? known = RoleOf(settings, isMaster);
        Enqueue(() =>
        {
            bool changed = settings with { Instance = _config.Instance, SyncId = _config.SyncId } != _config || syncId != _syncId;
            // without a state to go by, the same instance keeps the role it had; another one starts as backup
            IpvsSyncRole? role = isMaster is not null || settings.Instance is null ? known : sameInstance ? _following ?? IpvsSyncRole.Backup : IpvsSyncRole.Backup;
            if (changed)
            {
                StopAll();
            }

            (_config, _syncId) = (settings, syncId);
            Apply(role);
        });
    }

    /// <summary>The role an instance-following daemon takes from its instance's state (backup when unknown); null: not following one.</summary>
    private static IpvsSyncRole? RoleOf(LvsSyncDaemon settings, Func<string, bool>? isMaster) =>
        settings.Instance is not { } name ? null : isMaster?.Invoke(name) == true ? IpvsSyncRole.Master : IpvsSyncRole.Backup;

    /// <summary>Stops Vigil's daemons and waits (bounded) for the worker.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Enqueue(StopAll);
        _work.Writer.TryComplete();
        _worker.Wait(TimeSpan.FromSeconds(5));
        (_kernel as IDisposable)?.Dispose();
    }

    private static uint SyncId(LvsSyncDaemon settings, KeepalivedConfig config) =>
        (uint)(settings.SyncId ?? (settings.Instance is { } name ? config.FindInstance(name)?.VirtualRouterId ?? 0 : 0));

    private void Enqueue(Action action) => _work.Writer.TryWrite(action);

    private async Task Drain()
    {
        await foreach (Action action in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                action();
            }
            catch (SyscallException e)
            {
                Log.CommandFailed(_logger, e.Message);
            }
        }
    }

    /// <summary>Following an instance: the one role it wants. Not following: both roles.</summary>
    private void Apply(IpvsSyncRole? role)
    {
        _following = role;
        IpvsSyncRole[] wanted = role is { } r ? [r] : [IpvsSyncRole.Master, IpvsSyncRole.Backup];
        foreach (IpvsSyncRole other in _running.Except(wanted).ToArray())
        {
            Stop(other);
        }

        foreach (IpvsSyncRole wantedRole in wanted)
        {
            if (_running.Add(wantedRole))
            {
                var daemon = new IpvsSyncDaemon(wantedRole, _config.Interface, _syncId)
                {
                    MaxLength = (ushort)(_config.MaxLength ?? 0),
                    Port = (ushort)(_config.Port ?? 0),
                    Ttl = (byte)(_config.Ttl ?? 0),
                    Group = _config.Group,
                };
                try
                {
                    _kernel.Start(daemon);
                    Log.Started(_logger, daemon.ToString(), _config.Instance ?? "none (both daemons run)");
                }
                catch
                {
                    _running.Remove(wantedRole);
                    throw;
                }
            }
        }
    }

    private void Stop(IpvsSyncRole role)
    {
        _running.Remove(role);
        if (_kernel.Stop(role))
        {
            Log.Stopped(_logger, role.ToString().ToLowerInvariant());
        }
    }

    private void StopAll()
    {
        foreach (IpvsSyncRole role in _running.ToArray())
        {
            Stop(role);
        }
    }

    /// <summary>keepalived stops both daemons before starting its own, so a crashed run's never blocks the start (EEXIST).</summary>
    private void StopLeftovers()
    {
        foreach (IpvsSyncRole role in (IpvsSyncRole[])[IpvsSyncRole.Master, IpvsSyncRole.Backup])
        {
            if (_kernel.Stop(role))
            {
                Log.LeftoverStopped(_logger, role.ToString().ToLowerInvariant());
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: {Daemon} started (lvs_sync_daemon, following vrrp_instance {Instance})")]
        public static partial void Started(ILogger logger, string daemon, string instance);

        [LoggerMessage(Level = LogLevel.Information, Message = "IPVS: {Role} sync daemon stopped")]
        public static partial void Stopped(ILogger logger, string role);

        [LoggerMessage(Level = LogLevel.Warning, Message = "IPVS: stopped a {Role} sync daemon left by an earlier run")]
        public static partial void LeftoverStopped(ILogger logger, string role);

        [LoggerMessage(Level = LogLevel.Error, Message = "IPVS: lvs_sync_daemon: {Error}")]
        public static partial void CommandFailed(ILogger logger, string error);
    }
}
