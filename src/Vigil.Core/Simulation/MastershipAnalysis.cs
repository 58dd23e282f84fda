using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>A time span in which several nodes were master of one VRID at once.</summary>
public sealed record MasterOverlap(int VirtualRouterId, IReadOnlyList<string> Nodes, TimeSpan Start, TimeSpan End)
{
    public TimeSpan Duration => End - Start;
}

/// <summary>Reads a run's transitions: who was master of which VRID when, and where masters overlapped.</summary>
public static class MastershipAnalysis
{
    /// <summary>
    /// Overlaps of two or more masters of one VRID lasting longer than <paramref name="tolerance"/>
    /// (pass one advert interval: the overlap of an orderly handover is shorter and is not split brain).
    /// </summary>
    public static List<MasterOverlap> FindSplitBrains(IReadOnlyList<TransitionRecord> transitions, TimeSpan end, Func<int, TimeSpan> tolerance)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        ArgumentNullException.ThrowIfNull(tolerance);
        var overlaps = new List<MasterOverlap>();
        foreach (IGrouping<int, TransitionRecord> vrid in transitions.GroupBy(t => t.VirtualRouterId))
        {
            var masters = new SortedSet<string>(StringComparer.Ordinal);
            TimeSpan? since = null;
            List<string>? who = null;
            foreach (TransitionRecord t in vrid)
            {
                if (t.To == RouterState.Master)
                {
                    masters.Add(t.Node);
                }
                else if (t.From == RouterState.Master)
                {
                    masters.Remove(t.Node);
                }

                if (masters.Count >= 2)
                {
                    since ??= t.Time;
                    who = Union(who, masters);
                }
                else if (since is { } start)
                {
                    Close(overlaps, vrid.Key, who!, start, t.Time, tolerance);
                    since = null;
                    who = null;
                }
            }

            if (since is { } open)
            {
                Close(overlaps, vrid.Key, who!, open, end, tolerance);
            }
        }

        return overlaps;
    }

    private static List<string> Union(List<string>? who, SortedSet<string> masters)
    {
        who ??= [];
        foreach (string m in masters)
        {
            if (!who.Contains(m))
            {
                who.Add(m);
            }
        }

        return who;
    }

    private static void Close(List<MasterOverlap> overlaps, int vrid, List<string> who, TimeSpan start, TimeSpan end, Func<int, TimeSpan> tolerance)
    {
        if (end - start > tolerance(vrid))
        {
            overlaps.Add(new MasterOverlap(vrid, who, start, end));
        }
    }
}
