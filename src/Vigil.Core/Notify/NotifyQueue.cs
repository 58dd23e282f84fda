namespace Vigil.Core.Notify;

/// <summary>
/// Delivers the notifications of each instance (or group) one at a time, in the order of its
/// transitions. keepalived forks notify scripts without waiting, so two of them can run out of order
/// (issues #996, #1055); here the next one of the same instance starts only when the previous one has
/// finished (or timed out). Different instances do not wait for each other, and the protocol never
/// waits at all: the loop enqueues and goes on. Pure: the caller runs what <see cref="Enqueue"/> and
/// <see cref="Completed"/> hand back.
/// </summary>
public sealed class NotifyQueue<T>
{
    private readonly Dictionary<string, Queue<T>> _waiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _running = new(StringComparer.Ordinal);

    public int Pending(string owner) => _waiting.TryGetValue(owner, out var queue) ? queue.Count : 0;

    /// <summary>Queues <paramref name="item"/>; returns true with the item to start now when nothing of <paramref name="owner"/> is running.</summary>
    public bool Enqueue(string owner, T item, out T start)
    {
        if (_running.Add(owner))
        {
            start = item;
            return true;
        }
        if (!_waiting.TryGetValue(owner, out var queue))
        {
            _waiting[owner] = queue = new Queue<T>();
        }
        queue.Enqueue(item);
        start = default!;
        return false;
    }

    /// <summary>The running item of <paramref name="owner"/> finished; returns true with the next one to start, if any.</summary>
    public bool Completed(string owner, out T next)
    {
        if (_waiting.TryGetValue(owner, out var queue) && queue.TryDequeue(out next!))
        {
            if (queue.Count == 0)
            {
                _waiting.Remove(owner);
            }
            return true;
        }
        _running.Remove(owner);
        next = default!;
        return false;
    }
}
