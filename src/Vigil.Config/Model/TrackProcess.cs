namespace Vigil.Config.Model;

/// <summary>
/// <c>vrrp_track_process NAME { process NAME [params…]; param_match; weight [reverse]; quorum; quorum_max;
/// fork_delay; terminate_delay; delay; full_command }</c>. The process is up while at least
/// <see cref="Quorum"/> (and at most <see cref="QuorumMax"/>) matching processes run.
/// </summary>
public sealed record TrackProcess(string Name, string Process, SourceRef Location)
{
    public ValueArray<string> Parameters { get; init; } = ValueArray<string>.Empty;

    public ProcessParamMatch ParamMatch { get; init; } = ProcessParamMatch.Exact;

    public int Weight { get; init; } = 1;

    public bool Reverse { get; init; }

    public int Quorum { get; init; } = 1;

    public int? QuorumMax { get; init; }

    public TimeSpan ForkDelay { get; init; } = TimeSpan.Zero;

    public TimeSpan TerminateDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Match on the full command line (/proc/PID/cmdline) instead of the name (/proc/PID/comm).</summary>
    public bool FullCommand { get; init; }
}
