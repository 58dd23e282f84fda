namespace Vigil.Config.Model;

/// <summary><c>track_group NAME { group { VI_1 … } }</c>: the instances whose state a static address with <c>track_group NAME</c> follows.</summary>
public sealed record TrackGroup(string Name, ValueArray<string> Instances, SourceRef Location);
