using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Lab.Nodes;

/// <summary>
/// What one `vigil run` said on stderr, reduced to what the lab shows: the instance's state from
/// its transition lines ("VI_1: Backup -> Master (reason)") and its effective priority from the
/// start line ("…, priority 100, …") and tracker lines ("…: priority 100 -> 80"). Bounded: the
/// last <see cref="Capacity"/> lines are kept for failure messages.
/// </summary>
public sealed partial class DaemonLog
{
    public const int Capacity = 400;

    private readonly Queue<string> _lines = new();
    private readonly List<string> _transitions = [];
    private readonly Lock _lock = new();

    public string State { get; private set; } = "Starting";

    public int? Priority { get; private set; }

    public string? LastTransitionReason { get; private set; }

    public void Add(string line)
    {
        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > Capacity)
            {
                _lines.Dequeue();
            }

            if (Transition().Match(line) is { Success: true } transition)
            {
                State = transition.Groups["to"].Value;
                LastTransitionReason = transition.Groups["reason"].Value;
                _transitions.Add($"{transition.Groups["from"].Value} -> {State}");
            }
            else if (PriorityChange().Match(line) is { Success: true } change)
            {
                Priority = int.Parse(change.Groups["after"].Value, CultureInfo.InvariantCulture);
            }
            else if (Ready().Match(line) is { Success: true } ready)
            {
                Priority = int.Parse(ready.Groups["priority"].Value, CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Every transition seen, "From -> To", in order.</summary>
    public IReadOnlyList<string> Transitions()
    {
        lock (_lock)
        {
            return [.. _transitions];
        }
    }

    public string Text()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }

    /// <summary>Marks the daemon as gone (killed or exited); the state is no longer what its log said.</summary>
    public void Stopped(string how)
    {
        lock (_lock)
        {
            State = how;
        }
    }

    [GeneratedRegex(@": (?<from>[A-Z][a-z]+) -> (?<to>[A-Z][a-z]+) \((?<reason>[^)]*)\)")]
    private static partial Regex Transition();

    [GeneratedRegex(@"priority (?<before>\d+) -> (?<after>\d+)")]
    private static partial Regex PriorityChange();

    [GeneratedRegex(@", priority (?<priority>\d+),")]
    private static partial Regex Ready();
}
