using Vigil.Core.Notify;

namespace Vigil.Daemon.EventLoop;

/// <summary>
/// Delivers notifications (notify scripts, notify FIFOs). Called on the loop's thread right after the
/// transition's address change was carried out; it must only enqueue, never wait.
/// </summary>
public interface INotifier
{
    void Notify(in NotifyEvent notification);
}
