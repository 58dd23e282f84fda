namespace Vigil.Daemon.Status;

/// <summary>
/// The last <see cref="Capacity"/> transitions of one instance, oldest first, in a fixed ring:
/// memory stays bounded however long the daemon runs or however often an instance flaps.
/// </summary>
public sealed class TransitionHistory
{
    public const int Capacity = 100;

    private readonly TransitionRecord[] _ring = new TransitionRecord[Capacity];
    private int _next;

    /// <summary>How many are kept (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The most recent one, or null before the first transition.</summary>
    public TransitionRecord? Last => Count == 0 ? null : _ring[(_next + Capacity - 1) % Capacity];

    public void Add(in TransitionRecord record)
    {
        _ring[_next] = record;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>A copy, oldest first.</summary>
    public TransitionRecord[] ToArray()
    {
        var copy = new TransitionRecord[Count];
        int start = (_next + Capacity - Count) % Capacity;
        for (int i = 0; i < Count; i++)
        {
            copy[i] = _ring[(start + i) % Capacity];
        }

        return copy;
    }
}
