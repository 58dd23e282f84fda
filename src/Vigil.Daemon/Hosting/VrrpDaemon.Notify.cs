using Vigil.Config.Model;
using Vigil.Core.Notify;
using Vigil.Daemon.EventLoop;
using Vigil.Daemon.Notify;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Hosting;

/// <summary>Notify scripts and FIFOs for <c>vigil run</c>; on stop, notify_stop is waited for (bounded).</summary>
public sealed partial class VrrpDaemon
{
    private NotifyDispatcher? _notifications;

    private void StartNotifications(KeepalivedConfig config)
    {
        var identity = new ScriptIdentity(config.Global, new HostInspector());
        _notifications = Own(new NotifyDispatcher(config, identity, new ProcessRunner(TimeProvider.System), _logger));
        _loop.Notifier = new ObservedNotifier(_notifications, this);
    }

    /// <summary>Set by <c>vigil run</c>: also told of every transition, after the notify scripts (lvs_sync_daemon follows one instance).</summary>
    public INotifier? StateObserver { get; set; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, NotifyState> _instanceStates = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="instance"/>'s last transition was to MASTER (any thread: a reload asks it for lvs_sync_daemon's role).</summary>
    public bool IsMaster(string instance) => _instanceStates.TryGetValue(instance, out NotifyState state) && state == NotifyState.Master;

    private sealed class ObservedNotifier(INotifier inner, VrrpDaemon daemon) : INotifier
    {
        public void Notify(in NotifyEvent notification)
        {
            if (notification.Subject == NotifySubject.Instance)
            {
                daemon._instanceStates[notification.Name] = notification.State;
            }

            inner.Notify(notification);
            daemon.StateObserver?.Notify(notification);
        }
    }

    /// <summary>After the loop's Shutdown queued the STOP notifications: let notify_stop finish, at most one script timeout.</summary>
    private Task DrainNotificationsAsync() => _notifications?.DrainAsync(NotifyDispatcher.ScriptTimeout) ?? Task.CompletedTask;
}
