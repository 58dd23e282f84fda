using Vigil.Lab.Http;

namespace Vigil.Lab.Control;

/// <summary>
/// The running lab at one moment, as the live view draws it and `vigil lab status [--json]` prints it:
/// each node (state and priorities from its daemon's control socket), who holds the VIP on its
/// interface, the client's success rate and last outage, the action in progress and recent events.
/// </summary>
public sealed record LabStatusReport(
    string Prefix,
    string Timing,
    bool Nopreempt,
    string Proxy,
    string Vip,
    IReadOnlyList<string> VipHolders,
    IReadOnlyList<NodeStatus> Nodes,
    LabClientStatus Client,
    string? Busy,
    IReadOnlyList<string> Events);

/// <summary>
/// The client (192.0.2.100 requesting http://VIP/): totals since it started; over the last
/// <see cref="WindowSeconds"/> the success rate, request rate and who answered; an outage in
/// progress (<see cref="OutageOpenMs"/>) or the last one, and how long ago it ended.
/// </summary>
public sealed record LabClientStatus(
    long Sent,
    long Succeeded,
    long Failed,
    double WindowSeconds,
    double? SuccessRatePercent,
    double RequestsPerSecond,
    IReadOnlyDictionary<string, long> AnsweredBy,
    double? OutageOpenMs,
    Outage? LastOutage,
    double? LastOutageAgoSeconds,
    bool Running);
