using System.CommandLine;
using System.Text.Json;
using Vigil.Cli.Simulate;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using Vigil.Core.Simulation;
using Vigil.Core.StateMachine;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil simulate</c>: runs the nodes of the given configs on a simulated LAN (the real state
/// machine and codec, virtual time) and prints the timeline of state changes with reasons, the final
/// owner of each VRID and any split brain. Exit codes: 0 one master per VRID throughout, 3 split
/// brain seen, 2 bad arguments or configs.
/// </summary>
internal static class SimulateCommand
{
    private const int SplitBrainExit = 3;
    private const int UsageExit = 2;

    public static Command Create()
    {
        var files = new Argument<string[]>("NODE.conf") { Arity = ArgumentArity.OneOrMore, Description = "One keepalived.conf per node; the node is named after the file." };
        var ids = new Option<string[]>("--config-id") { Description = "Config id of each node, in file order (@ID lines; also the node's name).", AllowMultipleArgumentsPerToken = true };
        var duration = new Option<string>("--duration") { Description = "Simulated time to run (e.g. 30s, 2m).", DefaultValueFactory = _ => "30s" };
        var kill = new Option<string[]>("--kill") { Description = "NODE@T: the node dies without a word at T (crash, power loss)." };
        var stop = new Option<string[]>("--stop") { Description = "NODE@T: graceful stop at T (masters send priority 0)." };
        var restart = new Option<string[]>("--restart") { Description = "NODE@T: start a killed or stopped node again at T." };
        var partition = new Option<string[]>("--partition") { Description = "A,B@T-T2: A and B cannot hear each other from T to T2 (one node: cut off from all)." };
        var loss = new Option<double>("--loss") { Description = "Probability (0-1) that any advert is lost on any link." };
        var seed = new Option<int>("--seed") { Description = "Seed of all randomness (loss); the same seed gives the same run.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };

        var command = new Command("simulate", "Simulate a cluster from its nodes' configs: who becomes master, when and why, and whether the brain splits.")
        {
            files, ids, duration, kill, stop, restart, partition, loss, seed, json,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            var faults = new List<ScheduledFault>();
            string? problem = ParseFaults(parse, kill, stop, restart, partition, faults);
            if (problem is null && !SimulationSpec.TryParseDuration(parse.GetValue(duration)!, out TimeSpan runFor))
            {
                problem = $"--duration {parse.GetValue(duration)}: not a time; use e.g. 30s or 2m";
            }

            double lossRate = parse.GetValue(loss);
            if (problem is null && lossRate is < 0 or > 1)
            {
                problem = $"--loss {lossRate}: must be between 0 and 1";
            }

            string[] paths = parse.GetValue(files) ?? [];
            string[] configIds = parse.GetValue(ids) ?? [];
            if (problem is null && configIds.Length > 0 && configIds.Length != paths.Length)
            {
                problem = $"--config-id: give one id per config file ({paths.Length} files, {configIds.Length} ids)";
            }

            if (problem is not null)
            {
                error.WriteLine("vigil simulate: " + problem);
                return UsageExit;
            }

            // Zero latency: takeover times then read exactly as the protocol timers (Master_Down_Interval, Skew_Time).
            var lan = new SimulatedLan(parse.GetValue(seed)) { DefaultLink = LinkConditions.Clean with { Delay = TimeSpan.Zero, Loss = lossRate } };
            if (!AddNodes(lan, paths, configIds, error))
            {
                return UsageExit;
            }

            problem = Schedule(lan, faults);
            if (problem is not null)
            {
                error.WriteLine("vigil simulate: " + problem);
                return UsageExit;
            }

            SimulationSpec.TryParseDuration(parse.GetValue(duration)!, out runFor);
            lan.StartAll();
            lan.RunUntil(runFor);
            var report = BuildReport(lan, runFor, out List<MasterOverlap> splits);
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(report, SimulationJsonContext.Default.SimulationReport));
            }
            else
            {
                WriteText(output, lan, faults, report, splits, runFor);
            }

            return report.SplitBrain ? SplitBrainExit : 0;
        });
        return command;
    }

    private static string? ParseFaults(ParseResult parse, Option<string[]> kill, Option<string[]> stop, Option<string[]> restart, Option<string[]> partition, List<ScheduledFault> faults)
    {
        foreach ((Option<string[]> option, string kind, bool range) in new[] { (kill, "kill", false), (stop, "stop", false), (restart, "restart", false), (partition, "partition", true) })
        {
            foreach (string text in parse.GetValue(option) ?? [])
            {
                string? problem = SimulationSpec.TryParse(kind, text, range, out ScheduledFault? fault);
                if (problem is not null)
                {
                    return problem;
                }

                faults.Add(fault!);
            }
        }

        return null;
    }

    private static bool AddNodes(SimulatedLan lan, string[] paths, string[] configIds, TextWriter error)
    {
        bool ok = true;
        for (int i = 0; i < paths.Length; i++)
        {
            string? id = configIds.Length > 0 ? configIds[i] : null;
            string name = id ?? Path.GetFileName(paths[i]);
            var options = new ConfigLoadOptions { ConfigId = id, FileSystem = new PhysicalConfigFileSystem(), WorkingDirectory = Environment.CurrentDirectory };
            ConfigBindResult bound = ConfigBinder.Bind(ConfigLoader.Load(paths[i], options));
            if (bound.HasErrors)
            {
                foreach (Diagnostic d in bound.Diagnostics.Where(d => d.Severity == Severity.Error))
                {
                    error.WriteLine(d.ToString());
                }

                ok = false;
                continue;
            }

            if (lan.Nodes.Any(n => n.Name == name))
            {
                error.WriteLine($"vigil simulate: two nodes are named {name}; give each file a distinct name or use --config-id");
                ok = false;
                continue;
            }

            lan.AddNode(name, SimulatedConfig.Instances(bound.Config, i));
        }

        return ok;
    }

    private static string? Schedule(SimulatedLan lan, List<ScheduledFault> faults)
    {
        foreach (ScheduledFault fault in faults)
        {
            string? unknown = fault.Nodes.FirstOrDefault(n => !lan.Nodes.Any(node => node.Name == n));
            if (unknown is not null)
            {
                return $"--{fault.Kind}: no node named {unknown} (nodes: {string.Join(", ", lan.Nodes.Select(n => n.Name))})";
            }

            string[] nodes = [.. fault.Nodes];
            switch (fault.Kind)
            {
                case "kill":
                    lan.At(fault.At, l => Array.ForEach(nodes, l.Crash));
                    break;
                case "stop":
                    lan.At(fault.At, l => Array.ForEach(nodes, l.Stop));
                    break;
                case "restart":
                    lan.At(fault.At, l => Array.ForEach(nodes, l.Start));
                    break;
                default:
                    lan.At(fault.At, l =>
                    {
                        if (nodes.Length == 1)
                        {
                            l.Partition(nodes);
                        }
                        else
                        {
                            l.Cut(nodes);
                        }
                    });
                    lan.At(fault.Until!.Value, l => l.Heal());
                    break;
            }
        }

        return null;
    }

    private static SimulationReport BuildReport(SimulatedLan lan, TimeSpan end, out List<MasterOverlap> splits)
    {
        var intervals = new Dictionary<int, TimeSpan>();
        foreach (SimulatedInstance instance in lan.Nodes.SelectMany(n => n.Instances))
        {
            int vrid = instance.Router.VirtualRouterId;
            intervals[vrid] = intervals.TryGetValue(vrid, out TimeSpan seen) && seen > instance.Router.AdvertInterval ? seen : instance.Router.AdvertInterval;
        }

        splits = MastershipAnalysis.FindSplitBrains(lan.Transitions, end, vrid => intervals[vrid]);
        var timeline = lan.Transitions
            .Select(t => new TimelineEntry(Math.Round(t.Time.TotalSeconds, 6), t.Node, t.Instance, t.VirtualRouterId, Name(t.From), Name(t.To), t.Reason.ToString()))
            .ToList();
        var final = lan.Nodes.SelectMany(n => n.Instances)
            .GroupBy(i => i.Router.VirtualRouterId)
            .OrderBy(g => g.Key)
            .Select(g => new FinalOwner(g.Key, g.First().Name, lan.MastersOf(g.Key).ToList()))
            .ToList();
        return new SimulationReport(timeline, final, splits.Count > 0);
    }

    private static void WriteText(TextWriter output, SimulatedLan lan, List<ScheduledFault> faults, SimulationReport report, List<MasterOverlap> splits, TimeSpan end)
    {
        output.WriteLine($"simulating {lan.Nodes.Count} node(s) for {SimulationSpec.Format(end)} (seed {lan.Seed})");
        // Operator events first, so that at equal times the cause is printed before its effects (OrderBy is stable).
        var lines = faults.Select(f => (Time: f.At.TotalSeconds, Text: $"*** {f}"))
            .Concat(faults.Where(f => f.Until is not null).Select(f => (Time: f.Until!.Value.TotalSeconds, Text: $"*** heal {string.Join(",", f.Nodes)}")))
            .Concat(report.Timeline.Select(t => (Time: t.T, Text: $"{t.Node,-16} {t.Instance} (vrid {t.Vrid}) {t.From} -> {t.To}: {t.Reason}")))
            .OrderBy(l => l.Time);
        foreach ((double time, string text) in lines)
        {
            output.WriteLine($"{SimulationSpec.Format(TimeSpan.FromSeconds(time)),10}  {text}");
        }

        output.WriteLine();
        output.WriteLine("final owners:");
        foreach (FinalOwner owner in report.Final)
        {
            string masters = owner.Masters.Count == 0 ? "nobody (no master)" : string.Join(", ", owner.Masters);
            output.WriteLine($"  vrid {owner.Vrid} ({owner.Instance}): {masters}");
        }

        foreach (MasterOverlap split in splits)
        {
            output.WriteLine();
            output.WriteLine($"!!! SPLIT BRAIN: vrid {split.VirtualRouterId} had several masters ({string.Join(", ", split.Nodes)}) from {SimulationSpec.Format(split.Start)} to {SimulationSpec.Format(split.End)} ({split.Duration.TotalSeconds:0.###} s)");
        }

        if (lan.Counters.Rejected.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("adverts refused by receive validation: " + string.Join(", ", lan.Counters.Rejected.Select(r => $"{r.Key} x{r.Value}")));
        }
    }

    private static string Name(RouterState state) => state switch
    {
        RouterState.Initialize => "INIT",
        RouterState.Stopped => "STOP",
        _ => state.ToString().ToUpperInvariant(),
    };
}
