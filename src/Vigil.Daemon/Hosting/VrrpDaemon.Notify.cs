using Vigil.Config.Model;
using Vigil.Daemon.Notify;
using Vigil.Daemon.Tracking;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Daemon.Hosting;

/// <summary>Notify scripts and FIFOs for <c>vigil run</c>; on stop, notify_stop is waited for (bounded).</summary>
public sealed partial class VrrpDaemon
{
    private NotifyDispatcher? _notifier;

    private void StartNotifications(KeepalivedConfig config)
    {
        var identity = new ScriptIdentity(config.Global, new HostInspector());
        _notifier = Own(new NotifyDispatcher(config, identity, new ProcessRunner(TimeProvider.System), _logger));
        _loop.Notifier = _notifier;
    }

    /// <summary>After the loop's Shutdown queued the STOP notifications: let notify_stop finish, at most one script timeout.</summary>
    private Task DrainNotificationsAsync() => _notifier?.DrainAsync(NotifyDispatcher.ScriptTimeout) ?? Task.CompletedTask;
}
