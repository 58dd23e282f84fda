namespace Vigil.Core.Simulation;

/// <summary>
/// The simulation's timeline: items ordered by virtual time, ties in insertion order (FIFO),
/// so that a run is a pure function of its inputs and seed.
/// </summary>
internal sealed class EventQueue<T>
{
    private readonly PriorityQueue<T, (TimeSpan Time, long Sequence)> _queue = new();
    private long _sequence;

    public int Count => _queue.Count;

    public void Push(TimeSpan time, T item) => _queue.Enqueue(item, (time, _sequence++));

    public bool TryPeekTime(out TimeSpan time)
    {
        if (_queue.TryPeek(out _, out var priority))
        {
            time = priority.Time;
            return true;
        }

        time = default;
        return false;
    }

    public bool TryPop(out TimeSpan time, out T item)
    {
        if (_queue.TryDequeue(out item!, out var priority))
        {
            time = priority.Time;
            return true;
        }

        time = default;
        return false;
    }
}
