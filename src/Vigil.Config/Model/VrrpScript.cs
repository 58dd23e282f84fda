namespace Vigil.Config.Model;

/// <summary>
/// <c>vrrp_script NAME { script CMD; interval; timeout; weight [reverse]; rise; fall; user; init_fail }</c>.
/// Defaults from keepalived 2.2.7 (vrrp_data.c): interval 1 s, timeout = interval, weight 0 (0 means
/// FAULT after <c>fall</c> failures), rise 1, fall 1.
/// </summary>
public sealed record VrrpScript(string Name, string Script, SourceRef Location)
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A run that takes longer counts as a failure (and is killed).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public int Weight { get; init; }

    public bool WeightReverse { get; init; }

    public int Rise { get; init; } = 1;

    public int Fall { get; init; } = 1;

    /// <summary>null: the global <c>script_user</c>.</summary>
    public ScriptUser? User { get; init; }

    public bool InitFail { get; init; }

    /// <summary>The program path: the first word of the script line.</summary>
    public string Program => Script.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : "";
}
