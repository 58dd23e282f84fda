namespace Vigil.Lab.Scenarios;

/// <summary>What a scripted scenario measured; <see cref="Success"/> is true when every step met its expectation.</summary>
public sealed record ScenarioResult(
    string Scenario,
    string Timing,
    bool Nopreempt,
    string Proxy,
    bool Success,
    double LongestOutageMs,
    IReadOnlyList<StepResult> Steps,
    ClientTotals Client,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Notifications);

/// <summary>
/// One step: what was done, what was expected, whether it held, where the VIP was before and
/// after (and how long after the action it arrived there), and what the client saw meanwhile:
/// requests, failures, and the longest outage (a run of consecutive failed requests, in milliseconds);
/// and each daemon's state and base/effective priority at the end, from its control socket.
/// </summary>
public sealed record StepResult(
    string Name,
    string Expectation,
    bool Passed,
    string? Detail,
    string VipBefore,
    string VipAfter,
    double? VipSettledAfterMs,
    long Requests,
    long FailedRequests,
    double OutageMs,
    IReadOnlyDictionary<string, long> AnsweredBy,
    IReadOnlyDictionary<string, string> Daemons);

/// <summary>The client's totals over the whole scenario.</summary>
public sealed record ClientTotals(long Sent, long Succeeded, long Failed, double RequestsPerSecond, int Outages);
