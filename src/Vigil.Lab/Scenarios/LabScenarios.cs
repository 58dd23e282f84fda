using Vigil.Lab.Http;
using Vigil.Lab.Nodes;
using Vigil.Lab.Seed;

namespace Vigil.Lab.Scenarios;

/// <summary>
/// Scripted runs over a started <see cref="SeedLab"/> (`vigil lab --scenario NAME`): each step's
/// VIP holder is asserted and the client's failures and outage measured. Bounded: every wait has a
/// timeout, and the client stops after <see cref="ClientBudget"/> whatever happens.
/// </summary>
public static class LabScenarios
{
    public static readonly TimeSpan ClientBudget = TimeSpan.FromSeconds(120);

    public static IReadOnlyList<string> Names { get; } = ["failover", "seed", "lvs"];

    /// <summary>Whether the scenario needs the lab built as LVS directors (<see cref="SeedLabOptions.Lvs"/>).</summary>
    public static bool NeedsLvs(string name) => name == "lvs";

    public static ScenarioResult Run(string name, SeedLab lab, Action<string> progress) => name switch
    {
        "failover" => Failover(lab, progress),
        "seed" => Seed(lab, progress),
        "lvs" => Lvs(lab, progress),
        _ => throw new ArgumentException($"unknown scenario '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };

    /// <summary>The master machine dies (off the LAN, daemon and nginx killed), the backup takes over; then it comes back and, unless nopreempt, takes the VIP back.</summary>
    public static ScenarioResult Failover(SeedLab lab, Action<string> progress) => WithClient("failover", lab, progress, recorder =>
    {
        Timings t = Timings.For(lab.Options.Timing);
        Steady(recorder, t);
        recorder.Step("power off the master (lb1)", "lb2 takes the VIP over; requests are answered again",
            () => lab.PowerOff(lab.Lb1), "lb2", t.Failover, t.Settle);
        string back = lab.Options.Nopreempt ? "lb2" : "lb1";
        recorder.Step("power lb1 back on", lab.Options.Nopreempt ? "nopreempt: the VIP stays on lb2" : "lb1 preempts: the VIP returns to lb1",
            lab.Restore, back, t.Failover + t.Start, t.Settle);
    });

    /// <summary>
    /// The LVS lab (issue 12): steady state through the directors; a real server dies and its TCP_CHECK takes it out of
    /// the table (until then only its share of requests fails); it returns; the master director powers off and lb2, whose
    /// IPVS table already holds the virtual server, takes the VIP.
    /// </summary>
    public static ScenarioResult Lvs(SeedLab lab, Action<string> progress)
    {
        ArgumentNullException.ThrowIfNull(lab);
        if (!lab.Options.Lvs)
        {
            throw new ArgumentException("the lvs scenario needs a lab built with Lvs = true", nameof(lab));
        }

        return WithClient("lvs", lab, progress, recorder =>
        {
            Timings t = Timings.For(lab.Options.Timing);
            // delay_loop 1 + connect_timeout 1 + retry 1 × delay_before_retry 1, and one more loop of slack.
            TimeSpan checker = TimeSpan.FromSeconds(4);
            Steady(recorder, t);
            recorder.Step("stop real server app1", "its TCP_CHECK fails and app1 leaves the table; from then on app2 answers every request",
                () => lab.StopApp("app1"), "lb1", t.Failover, checker + t.Settle,
                invariant: () => recorder.Holders() == "lb1" ? null : $"the VIP left lb1 (held by {recorder.Holders()})",
                extraCheck: delta => delta.AnsweredBy.GetValueOrDefault("app2") > 0 ? null : "app2 did not answer");
            recorder.Step("start app1 again", "its TCP_CHECK succeeds: app1 is back in the table and answers again",
                () => lab.StartApp("app1"), "lb1", t.Failover, checker + t.Settle,
                extraCheck: delta => delta.AnsweredBy.GetValueOrDefault("app1") > 0 ? null : "app1 did not answer again");
            recorder.Step("power off the master director (lb1)", "lb2 takes the VIP; its IPVS table already holds the virtual server, so both apps answer again",
                () => lab.PowerOff(lab.Lb1), "lb2", t.Failover, t.Settle,
                extraCheck: delta => delta.AnsweredBy.GetValueOrDefault("app1") > 0 && delta.AnsweredBy.GetValueOrDefault("app2") > 0 ? null
                    : $"expected answers from app1 and app2 through lb2, got {string.Join(", ", delta.AnsweredBy.Select(p => $"{p.Key}: {p.Value}"))}");
        });
    }

    /// <summary>Issue 5's seed scenario: steady state, nginx killed (restarted by the check, no failover), nginx broken (failover), nginx repaired (preempt or, with nopreempt, stay).</summary>
    public static ScenarioResult Seed(SeedLab lab, Action<string> progress) => WithClient("seed", lab, progress, recorder =>
    {
        Timings t = Timings.For(lab.Options.Timing);
        LoadBalancerNode lb1 = lab.Lb1;
        Steady(recorder, t);
        if (lb1.Nginx is not { } nginx)
        {
            progress("nginx is not installed: the nginx steps are skipped");
            return;
        }

        int? killedPid = nginx.MasterPid();
        recorder.Step("kill nginx on the master (lb1)", "the check script restarts nginx; the VIP stays on lb1",
            nginx.Kill, "lb1", t.Check, t.Check + t.Settle,
            invariant: () => recorder.Holders() == "lb1" ? null : $"the VIP left lb1 (held by {recorder.Holders()})",
            extraCheck: _ => nginx.MasterPid() is { } pid && pid != killedPid ? null : "nginx was not restarted");
        bool nopreempt = lab.Options.Nopreempt;
        recorder.Step("break nginx on lb1 (config it refuses; killed)",
            nopreempt
                ? "the check fails: lb1 enters FAULT (nopreempt: the check has no weight) and the VIP moves to lb2; requests keep being answered"
                : "the check fails: priority 100 - 20 = 80 < 90, the VIP moves to lb2; requests keep being answered",
            nginx.Break, "lb2", t.Check + t.Failover, t.Settle,
            extraCheck: _ => lb1.QueryStatus(TimeSpan.FromSeconds(3)) switch
            {
                null => $"lb1's daemon did not answer on its control socket ({lb1.StatusError})",
                { State: "FAULT" } when nopreempt => null,
                { State: "BACKUP", EffectivePriority: 80 } when !nopreempt => null,
                var vrrp => $"lb1 reports {vrrp.State} at priority {vrrp.BasePriority}/{vrrp.EffectivePriority} (base/effective), expected {(nopreempt ? "FAULT" : "BACKUP at 100/80")}",
            });
        string back = lab.Options.Nopreempt ? "lb2" : "lb1";
        recorder.Step("repair nginx on lb1", lab.Options.Nopreempt ? "nopreempt: the check starts nginx, lb1 is back at 100 but the VIP stays on lb2" : "the check starts nginx, lb1 is back at 100 and takes the VIP back",
            nginx.Repair, back, t.Check + t.Failover, t.Settle + (lab.Options.Nopreempt ? t.Check : TimeSpan.Zero),
            extraCheck: _ => SeedLab.WaitUntil(() => nginx.IsRunning, t.Check) ? null : "nginx did not come back");
    });

    private static void Steady(ScenarioRecorder recorder, Timings t) =>
        recorder.Step("steady state", "lb1 holds the VIP; both app servers answer through it", () => { }, "lb1", t.Start, t.Settle,
            extraCheck: delta => delta.AnsweredBy.GetValueOrDefault("app1") > 0 && delta.AnsweredBy.GetValueOrDefault("app2") > 0 || delta.AnsweredBy.Keys.Any(k => k.Contains("built-in", StringComparison.Ordinal))
                ? null
                : $"expected answers from app1 and app2, got {string.Join(", ", delta.AnsweredBy.Select(p => $"{p.Key}: {p.Value}"))}");

    private static ScenarioResult WithClient(string name, SeedLab lab, Action<string> progress, Action<ScenarioRecorder> steps)
    {
        progress($"waiting for lb1 to take the VIP ({lab.Options.Timing} timing)");
        TimeSpan start = Timings.For(lab.Options.Timing).Start;
        _ = lab.WaitForVipOn("lb1", start); // if not, the first step reports where the VIP is
        using (RequestLoop warmUp = lab.StartClient(lab.Options.ClientRate, start))
        {
            // The steady state is measured once the service answers through the VIP (nginx and ARP warm), not while a busy host starts it.
            _ = SeedLab.WaitUntil(() => warmUp.Snapshot().Succeeded > 0, start);
        }

        using RequestLoop client = lab.StartClient(lab.Options.ClientRate, ClientBudget);
        var recorder = new ScenarioRecorder(lab, client, progress);
        steps(recorder);
        ClientSnapshot total = client.Snapshot();
        client.Dispose();
        return new ScenarioResult(
            name,
            lab.Options.Timing == LabTiming.Fast ? "fast (VRRPv3, advert_int 0.1, check every 0.5 s)" : "seed (VRRPv2, advert_int 1, check every 2 s)",
            lab.Options.Nopreempt,
            lab.UsesNginx ? "nginx" : "built-in responder (nginx not installed)",
            recorder.AllPassed && recorder.Steps.Count > 0,
            recorder.Steps.Count == 0 ? 0 : recorder.Steps.Max(s => s.OutageMs),
            recorder.Steps,
            new ClientTotals(total.Sent, total.Succeeded, total.Failed, Math.Round(total.Sent / Math.Max(0.001, total.ElapsedMs / 1000), 1), total.Outages.Count),
            lab.LoadBalancers.ToDictionary(lb => lb.Name, lb => Notifications(lb)));
    }

    /// <summary>The lines the notify script logged, without their timestamps ("INSTANCE VI_1 MASTER 100").</summary>
    public static IReadOnlyList<string> Notifications(LoadBalancerNode node) =>
        File.Exists(node.NotifyLog) ? [.. File.ReadAllLines(node.NotifyLog).Select(l => l.Split(' ', 2) is [_, var rest] ? rest : l)] : [];

    /// <summary>Bounds per timing: how long start-up, a failover and a check run may take, and how long each step observes.</summary>
    private sealed record Timings(TimeSpan Start, TimeSpan Failover, TimeSpan Check, TimeSpan Settle)
    {
        public static Timings For(LabTiming timing) => timing == LabTiming.Fast
            ? new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1.5))
            : new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(3));
    }
}
