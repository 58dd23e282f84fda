namespace Vigil.Lab;

/// <summary>
/// One load balancer as the lab sees it. <see cref="State"/>, the priorities, <see cref="Master"/> and
/// <see cref="LastTransitionReason"/> come from the daemon's control socket (null while it is down or
/// not answering); <see cref="HoldsVip"/> is what eth0 carries (the client's truth, which a killed
/// daemon's leftover VIP or a split brain can make differ from what the daemons believe); the last
/// log line is what `vigil run` last wrote.
/// </summary>
public sealed record NodeStatus(
    string Name,
    string Daemon,
    string? State,
    int? BasePriority,
    int? EffectivePriority,
    string? Master,
    string? LastTransitionReason,
    bool HoldsVip,
    string Proxy,
    bool LinkUp,
    string? LastLogLine);
