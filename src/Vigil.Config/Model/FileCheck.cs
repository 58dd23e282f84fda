namespace Vigil.Config.Model;

/// <summary>
/// <c>FILE_CHECK { track_file NAME; weight W [reverse|noreverse] }</c> (check_file.c): the real server follows the
/// number in a top-level <c>track_file</c>, re-read when the file changes. With weight 0 a non-zero value (a zero
/// one with reverse) takes the server down; otherwise value × weight (negated with reverse) is added to the real
/// server's weight. <see cref="Weight"/>/<see cref="Reverse"/> default to the track_file's.
/// </summary>
public sealed record FileCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "FILE_CHECK";

    public override bool Connects => false;

    /// <summary>The name after <c>track_file</c>.</summary>
    public string TrackFileName { get; init; } = string.Empty;

    /// <summary>The track_file it names, once the whole configuration is read (null until then, or when it is not declared).</summary>
    public TrackFile? File { get; init; }

    /// <summary>The checker's own <c>weight</c>; null: the track_file's.</summary>
    public int? Weight { get; init; }

    /// <summary>The checker's own <c>reverse</c>/<c>noreverse</c> (with its weight); null: the track_file's.</summary>
    public bool? Reverse { get; init; }

    public int EffectiveWeight => Weight ?? File?.Weight ?? 1;

    public bool EffectiveReverse => Weight is null ? File?.Reverse ?? false : Reverse ?? false;
}
