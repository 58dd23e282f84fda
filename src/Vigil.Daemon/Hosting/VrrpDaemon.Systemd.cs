using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Hosting;

/// <summary>systemd Type=notify wiring: READY after the loop started, STOPPING on a stop request, watchdog pets from the loop.</summary>
public sealed partial class VrrpDaemon
{
    private ServiceNotifier? _notifier;
    private string _runningStatus = "running";

    /// <summary>
    /// Called just before the loop runs. The READY=1 event is queued behind the loop's start, so systemd
    /// hears READY only once every router has been started. The watchdog timer only posts an event; the
    /// pet itself happens when the loop reaches it, so a loop that no longer handles events stops petting.
    /// </summary>
    private void StartServiceNotifications()
    {
        ServiceNotifier notifier = Own(ServiceNotifier.FromEnvironment(_logger));
        _notifier = notifier;
        if (!notifier.Enabled)
        {
            return;
        }

        string status = _runningStatus;
        _events.Writer.TryWrite(DaemonEvent.OnLoop(() => notifier.Ready(status)));
        if (notifier.PetInterval is TimeSpan every)
        {
            DaemonEvent pet = DaemonEvent.OnLoop(notifier.PetWatchdog);
            Own(new Timer(_ => _events.Writer.TryWrite(pet), null, every, every));
        }
    }

    private void NotifyStopping(string why) => _notifier?.Stopping($"stopping ({why}): masters send priority 0 and release their addresses");
}
