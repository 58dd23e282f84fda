using System.Diagnostics;
using Vigil.Lab.Http;

namespace Vigil.Lab.Scenarios;

/// <summary>
/// Runs the steps of a scripted scenario against a <see cref="SeedLab"/> while its client keeps
/// requesting the VIP, and records each step: the action, a wait (bounded) for the expected VIP
/// holder, an optional invariant checked at every poll (for example "the VIP never left lb1"),
/// then a settle time in which service must come back; the client's counters are differenced per step.
/// </summary>
public sealed class ScenarioRecorder
{
    private readonly SeedLab _lab;
    private readonly RequestLoop _client;
    private readonly Action<string> _progress;
    private readonly List<StepResult> _steps = [];

    public ScenarioRecorder(SeedLab lab, RequestLoop client, Action<string> progress)
    {
        _lab = lab;
        _client = client;
        _progress = progress;
    }

    public IReadOnlyList<StepResult> Steps => _steps;

    public bool AllPassed => _steps.TrueForAll(s => s.Passed);

    /// <param name="name">What is done.</param>
    /// <param name="expectation">What must hold afterwards, in words.</param>
    /// <param name="action">The action (kill, break, repair…).</param>
    /// <param name="expectedHolder">The load balancer that must hold the VIP alone at the end.</param>
    /// <param name="timeout">How long the VIP may take to get there.</param>
    /// <param name="settle">How long to keep observing after it got there (stability, service back).</param>
    /// <param name="invariant">Checked at every poll from the action to the end; a false result fails the step with its message.</param>
    /// <param name="extraCheck">Checked at the end; returns null when fine, else why not.</param>
    public StepResult Step(
        string name,
        string expectation,
        Action action,
        string expectedHolder,
        TimeSpan timeout,
        TimeSpan settle,
        Func<string?>? invariant = null,
        Func<ClientSnapshot, string?>? extraCheck = null)
    {
        _progress($"step: {name}");
        string before = Holders();
        ClientSnapshot start = _client.Snapshot();
        action();
        var clock = Stopwatch.StartNew();
        double? settledAt = null;
        string? broken = null;
        TimeSpan end = timeout + settle;
        while (clock.Elapsed < end)
        {
            broken ??= invariant?.Invoke();
            bool there = Holders() == expectedHolder;
            if (there && settledAt is null)
            {
                settledAt = clock.Elapsed.TotalMilliseconds;
                end = clock.Elapsed + settle;
            }
            else if (!there && settledAt is not null && invariant is not null)
            {
                settledAt = null; // moved away again: wait for it to come back within the timeout
                end = timeout + settle;
            }

            Thread.Sleep(50);
        }

        // Service must be back by the end of the step: give an outage still open a little longer.
        SeedLab.WaitUntil(() => _client.Snapshot().OpenOutageStartMs is null || !_client.IsRunning, TimeSpan.FromSeconds(5));
        ClientSnapshot delta = _client.Snapshot().Since(start);
        string after = Holders();
        IReadOnlyDictionary<string, string> daemons = Daemons();
        string? failure = broken
            ?? (after != expectedHolder ? $"VIP on {after}, expected {expectedHolder}" : null)
            ?? StateMismatch(daemons, expectedHolder)
            ?? (delta.OpenOutageStartMs is not null ? "requests still failing at the end of the step" : null)
            ?? (delta.Succeeded == 0 ? "no request succeeded during the step" : null)
            ?? extraCheck?.Invoke(delta);
        double openFor = delta.OpenOutageStartMs is { } open ? delta.ElapsedMs + start.ElapsedMs - open : 0;
        double outage = Math.Max(openFor, delta.Outages.Count == 0 ? 0 : delta.Outages.Max(o => o.DurationMs));
        var result = new StepResult(name, expectation, failure is null, failure, before, after, settledAt, delta.Sent, delta.Failed,
            Math.Round(outage, 1), delta.AnsweredBy, daemons);
        _steps.Add(result);
        _progress($"  {(result.Passed ? "ok" : "FAILED")}: VIP {before} -> {after}{(settledAt is { } t ? $" after {t:F0} ms" : "")}; {delta.Failed} of {delta.Sent} requests failed, longest outage {outage:F0} ms; {string.Join(", ", daemons.Select(d => $"{d.Key} {d.Value}"))}{(failure is null ? "" : "; " + failure)}");
        return result;
    }

    /// <summary>Each load balancer as its control socket reports it: "MASTER 100/100" (state, base/effective priority), or how its daemon is down.</summary>
    public IReadOnlyDictionary<string, string> Daemons() => _lab.LoadBalancers.ToDictionary(
        lb => lb.Name,
        lb => lb.QueryStatus(TimeSpan.FromSeconds(3)) is { } vrrp ? $"{vrrp.State} {vrrp.BasePriority}/{vrrp.EffectivePriority}" : lb.DaemonRunning ? $"not answering ({lb.StatusError})" : lb.Daemon);

    /// <summary>The VIP's holder must also say MASTER on its control socket, and no other node may.</summary>
    private static string? StateMismatch(IReadOnlyDictionary<string, string> daemons, string expectedHolder) =>
        daemons.TryGetValue(expectedHolder, out string? holder) && !holder.StartsWith("MASTER", StringComparison.Ordinal)
            ? $"{expectedHolder} holds the VIP but its daemon reports {holder}"
            : daemons.FirstOrDefault(d => d.Key != expectedHolder && d.Value.StartsWith("MASTER", StringComparison.Ordinal)) is { Key: not null } other
                ? $"{other.Key}'s daemon also reports {other.Value}"
                : null;

    /// <summary>Who holds the VIP, as one word: "lb1", "lb2", "none" or "lb1+lb2" (split brain).</summary>
    public string Holders() => _lab.VipHolders() switch
    {
        [] => "none",
        var holders => string.Join('+', holders),
    };
}
