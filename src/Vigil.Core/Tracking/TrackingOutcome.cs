namespace Vigil.Core.Tracking;

/// <summary>The result of all of an instance's trackers: its effective priority and the trackers that hold it in FAULT.</summary>
/// <param name="Pending">An unweighted script has not reported yet: do not start the instance (keepalived num_script_init).</param>
public sealed record TrackingOutcome(int Priority, IReadOnlyList<TrackerKey> Faults, bool Pending)
{
    public bool HasFault => Faults.Count > 0;
}
