using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Vigil.Cli.Json;
using Vigil.Cli.Lab;
using Vigil.Lab;
using Vigil.Lab.Http;
using Vigil.Lab.Scenarios;
using Vigil.Lab.Seed;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil lab [--scenario failover|seed] [--json] [--timing seed|fast] [--nopreempt] [--prefix vglab-] [--no-nginx]</c> (root):
/// builds the seed's system in network namespaces "vglab-…" (two load balancers running `vigil run`
/// with examples/seed and nginx, two app servers, a client requesting the VIP) and shows it live
/// with keys to break it, or runs a scripted scenario and prints what it measured. Everything it
/// created is removed on exit, Ctrl-C, SIGTERM and crashes, and leftovers of an earlier run at start.
/// Exit 0: a scenario met every expectation (or the live view was quit); 1: it did not, or the lab could not run.
/// </summary>
internal static class LabCommand
{
    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = $"run a scripted scenario instead of the live view: {string.Join(", ", LabScenarios.Names)}" };
        scenario.AcceptOnlyFromAmong([.. LabScenarios.Names]);
        var json = new Option<bool>("--json") { Description = "with --scenario: print the result as JSON (progress goes to stderr)" };
        var timing = new Option<string>("--timing") { Description = "seed: the corrected seed as shipped (VRRPv2, advert_int 1); fast: VRRPv3, advert_int 0.1 (tests)", DefaultValueFactory = _ => "seed" };
        timing.AcceptOnlyFromAmong("seed", "fast");
        var nopreempt = new Option<bool>("--nopreempt") { Description = "both nodes start as BACKUP with nopreempt: a recovered lb1 does not take the VIP back" };
        var prefix = new Option<string>("--prefix") { Description = $"names of the lab's namespaces and links, and /run/PREFIX (\"vg\", 1-4 of [a-z0-9], \"-\"); a second lab or a test uses its own", DefaultValueFactory = _ => SeedLabOptions.InteractivePrefix };
        prefix.Validators.Add(result =>
        {
            if (!SeedLabOptions.IsValidPrefix(result.GetValueOrDefault<string>()))
            {
                result.AddError("--prefix: \"vg\", then 1 to 4 of [a-z0-9], then \"-\" (for example vglab-)");
            }
        });
        var noNginx = new Option<bool>("--no-nginx") { Description = "load balancers answer with the built-in responder even where nginx is installed (what happens without nginx)" };
        var minutes = new Option<int>("--minutes") { Description = "live view: quit after this many minutes (the client's request budget)", DefaultValueFactory = _ => 30 };

        var command = new Command("lab", "Build the seed's nginx + VRRP pair in network namespaces and watch or script its failovers (root).")
        {
            scenario, json, timing, nopreempt, prefix, noNginx, minutes,
        };
        command.SetAction(parse => Run(
            parse.GetValue(scenario),
            parse.GetValue(json),
            parse.GetValue(timing) == "fast" ? LabTiming.Fast : LabTiming.Seed,
            parse.GetValue(nopreempt),
            parse.GetValue(prefix) ?? SeedLabOptions.InteractivePrefix,
            parse.GetValue(noNginx),
            Math.Clamp(parse.GetValue(minutes), 1, 24 * 60),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string? scenario, bool json, LabTiming timing, bool nopreempt, string prefix, bool noNginx, int minutes, TextWriter output, TextWriter error)
    {
        if (SeedLab.UnavailableReason() is { } reason)
        {
            error.WriteLine("vigil lab: " + reason);
            return 1;
        }

        TextWriter progressTo = json ? error : output;
        var options = new SeedLabOptions { Prefix = prefix, Timing = timing, Nopreempt = nopreempt, VigilCommand = SelfCommand.Resolve(), UseNginx = noNginx ? false : null };
        using var stop = new CancellationTokenSource();
        SeedLab? lab = null;
        var cleanup = new Lock();
        void CleanUp()
        {
            lock (cleanup)
            {
                lab?.Dispose();
            }
        }

        // Ctrl-C, SIGTERM, a closed terminal: the live view leaves its loop and the finally cleans up; a
        // scenario (synchronous) is cleaned up right here and the process exits 130 as a shell expects.
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
            if (scenario is not null)
            {
                error.WriteLine($"vigil lab: {context.Signal} received: removing the lab");
                CleanUp();
                Environment.Exit(130);
            }
        }

        void OnCrash(object? sender, UnhandledExceptionEventArgs e) => CleanUp();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using PosixSignalRegistration sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        AppDomain.CurrentDomain.UnhandledException += OnCrash;
        try
        {
            lab = SeedLab.Start(options, line => progressTo.WriteLine(line));
            return scenario is null
                ? LiveView(lab, minutes, output, stop.Token)
                : RunScenario(scenario, lab, json, output, progressTo);
        }
        catch (LabException e)
        {
            error.WriteLine("vigil lab: " + e.Message);
            return 1;
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= OnCrash;
            progressTo.WriteLine($"removing the lab ({options.Prefix}* namespaces, {lab?.Directory ?? "/run/" + options.Prefix.TrimEnd('-')})");
            CleanUp();
        }
    }

    private static int RunScenario(string name, SeedLab lab, bool json, TextWriter output, TextWriter progress)
    {
        ScenarioResult result = LabScenarios.Run(name, lab, line => progress.WriteLine(line));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(result, LabJsonContext.Default.ScenarioResult));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {(result.Success ? "OK" : "FAILED")}; longest outage {result.LongestOutageMs:F0} ms; client {result.Client.Sent} requests ({result.Client.RequestsPerSecond:F0}/s), {result.Client.Failed} failed"));
        }

        return result.Success ? 0 : 1;
    }

    private static int LiveView(SeedLab lab, int minutes, TextWriter output, CancellationToken stop)
    {
        bool keys = !Console.IsInputRedirected;
        var view = new LabView(output, terminal: !Console.IsOutputRedirected);
        view.Event(keys ? "lab up; " + LabView.Keys : "lab up (stdin is not a terminal: no keys; Ctrl-C or SIGTERM to quit)");
        using RequestLoop client = lab.StartClient(LabScenarios.RequestsPerSecond, TimeSpan.FromMinutes(minutes));
        Task? running = null;
        string? busy = null;
        while (!stop.IsCancellationRequested && client.IsRunning)
        {
            if (keys && running is null or { IsCompleted: true } && Console.KeyAvailable)
            {
                char key = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
                if (key == 'q')
                {
                    break;
                }

                if (Action(lab, key) is var (what, act))
                {
                    busy = what;
                    view.Event(what);
                    running = Task.Run(() =>
                    {
                        try
                        {
                            act();
                        }
                        catch (LabException e)
                        {
                            view.Event($"{what} failed: {e.Message}");
                        }
                        finally
                        {
                            busy = null;
                        }
                    });
                }
            }

            view.Render(lab, client.Snapshot(), busy);
            stop.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(keys ? 250 : 2000));
        }

        running?.Wait(TimeSpan.FromSeconds(15));
        return 0;
    }

    /// <summary>What a key does to the current master (the VIP holder), or null for other keys.</summary>
    private static (string What, Action Act)? Action(SeedLab lab, char key)
    {
        var master = lab.Master();
        return key switch
        {
            'k' => ($"power off {master.Name} (link cut, vigil and nginx killed, VIP gone)", () => lab.PowerOff(master)),
            's' => ($"kill nginx on {master.Name} (the check restarts it)", () => SeedLab.KillNginx(master)),
            'b' => ($"break nginx on {master.Name} (config it refuses; killed)", () => SeedLab.BreakNginx(master)),
            'c' => ($"cut {master.Name}'s link", () => lab.CutLink(master)),
            'r' => ("restore: nginx configs repaired, links up, nginx and vigil running", lab.Restore),
            _ => null,
        };
    }
}
