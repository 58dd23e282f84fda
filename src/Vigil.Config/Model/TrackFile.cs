namespace Vigil.Config.Model;

/// <summary>
/// <c>track_file NAME { file PATH; weight W [reverse]; init_file [VALUE] [overwrite] }</c>
/// (<c>vrrp_track_file</c> is keepalived's deprecated alias). The file holds a number that is
/// multiplied by the weight; weight 0 means a non-zero value puts the instance in FAULT.
/// </summary>
public sealed record TrackFile(string Name, string Path, SourceRef Location)
{
    public int Weight { get; init; } = 1;

    public bool Reverse { get; init; }

    /// <summary><c>init_file</c>: create the file at startup if missing.</summary>
    public bool InitFile { get; init; }

    public int InitValue { get; init; }

    /// <summary><c>init_file … overwrite</c>: write the initial value even if the file exists.</summary>
    public bool InitOverwrite { get; init; }
}
