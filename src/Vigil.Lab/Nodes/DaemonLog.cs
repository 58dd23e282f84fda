namespace Vigil.Lab.Nodes;

/// <summary>
/// What one `vigil run` wrote on stderr: the live view shows its last line and a failed scenario
/// prints it; the node's state and priorities come from the daemon's control socket instead
/// (<see cref="LoadBalancerNode.QueryStatus()"/>). Bounded: the last <see cref="Capacity"/> lines are kept.
/// </summary>
public sealed class DaemonLog
{
    public const int Capacity = 400;

    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The last line written, or null before the first.</summary>
    public string? LastLine()
    {
        lock (_lock)
        {
            return _lines.Count == 0 ? null : _lines.Last();
        }
    }

    /// <summary>The last <paramref name="lines"/> lines, for an error message.</summary>
    public string Tail(int lines)
    {
        lock (_lock)
        {
            return string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
        }
    }

    public string Text()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
