namespace Vigil.Core.Tracking;

/// <summary>
/// One tracker as one instance uses it, with the weight that applies there (the track_* entry's
/// weight, else the tracked object's own). Weight 0 means "fault instead of priority".
/// </summary>
public readonly record struct TrackerBinding(TrackerKey Key, int Weight, bool Reverse);
