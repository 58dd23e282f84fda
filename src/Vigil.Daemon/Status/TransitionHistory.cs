namespace Vigil.Daemon.Status;

/// <summary>
/// The last <see cref="Capacity"/> transitions of one instance, oldest first, in a ring: memory stays bounded however
/// long the daemon runs or however often an instance flaps. The ring grows (2, 4, 8, … up to Capacity) as transitions come:
/// a full one is about 8 KB, and most instances make only two (Initialize → Backup → Master, about 100 bytes each).
/// </summary>
public sealed class TransitionHistory
{
    public const int Capacity = 100;

    private TransitionRecord[] _ring = [];
    private int _next;

    /// <summary>How many are kept (at most <see cref="Capacity"/>).</summary>
    public int Count { get; private set; }

    /// <summary>The most recent one, or null before the first transition.</summary>
    public TransitionRecord? Last => Count == 0 ? null : _ring[(_next + _ring.Length - 1) % _ring.Length];

    public void Add(in TransitionRecord record)
    {
        if (Count == _ring.Length && Count < Capacity)
        {
            // Still filling: nothing was overwritten, so the records are in order from index 0.
            Array.Resize(ref _ring, Math.Min(Math.Max(2, Count * 2), Capacity));
            _next = Count;
        }

        _ring[_next] = record;
        _next = (_next + 1) % _ring.Length;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>A copy, oldest first.</summary>
    public TransitionRecord[] ToArray()
    {
        var copy = new TransitionRecord[Count];
        int start = (_next + _ring.Length - Count) % Math.Max(_ring.Length, 1);
        for (int i = 0; i < Count; i++)
        {
            copy[i] = _ring[(start + i) % _ring.Length];
        }

        return copy;
    }
}
