namespace Vigil.Config.Model;

/// <summary>
/// <c>MISC_CHECK { misc_path … }</c> (check_misc.c): the script runs every delay_loop through the daemon's script
/// runner (its user or script_user, script security, killed at <c>misc_timeout</c>); exit 0 is up. With
/// <c>misc_dynamic</c> exit 1 is down and 2–255 is up with the real server's weight set to the status minus 2.
/// </summary>
public sealed record MiscCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "MISC_CHECK";

    public override bool Connects => false;

    /// <summary><c>misc_path</c> with its <c>user</c>.</summary>
    public ScriptCommand Script { get; init; } = new(string.Empty, null, default);

    /// <summary><c>misc_timeout</c>; unset means the virtual server's delay_loop, as keepalived's.</summary>
    public TimeSpan Timeout { get; init; }

    public bool Dynamic { get; init; }
}
