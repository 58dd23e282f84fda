using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Vigil.Cli.Json;
using Vigil.Cli.Lab;
using Vigil.Lab;
using Vigil.Lab.Control;
using Vigil.Lab.Http;
using Vigil.Lab.Scenarios;
using Vigil.Lab.Seed;
using Vigil.Linux.Host;
using Vigil.Linux.Processes;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil lab [--scenario failover|seed|lvs] [--json] [--timing seed|fast] [--nopreempt] [--prefix vglab-] [--no-nginx]</c> (root):
/// builds the seed's system in network namespaces "vglab-…" (two load balancers running `vigil run`
/// with examples/seed and nginx, two app servers, a client requesting the VIP) and shows it live
/// with keys to break it (and the same actions as `vigil lab ACTION` from another terminal, see
/// <see cref="LabControlCommands"/>), or runs a scripted scenario and prints what it measured. Everything it
/// created is removed on exit, Ctrl-C, SIGTERM and crashes, and leftovers of an earlier run at start.
/// Exit 0: a scenario met every expectation (or the live view was quit); 1: it did not, or the lab could not run.
/// </summary>
internal static class LabCommand
{
    private const int SIGINT = 2;
    private const int SIGTERM = 15;

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario") { Description = $"run a scripted scenario instead of the live view: {string.Join(", ", LabScenarios.Names)}" };
        scenario.AcceptOnlyFromAmong([.. LabScenarios.Names]);
        var json = new Option<bool>("--json") { Description = "with --scenario: print the result as JSON (progress goes to stderr)" };
        var timing = new Option<string>("--timing") { Description = "seed: the corrected seed as shipped (VRRPv2, advert_int 1); fast: VRRPv3, advert_int 0.1 (tests)", DefaultValueFactory = _ => "seed" };
        timing.AcceptOnlyFromAmong("seed", "fast");
        var nopreempt = new Option<bool>("--nopreempt") { Description = "both nodes start as BACKUP with nopreempt: a recovered lb1 does not take the VIP back" };
        Option<string> prefix = PrefixOption("names of the lab's namespaces and links, and /run/PREFIX (\"vg\", 1-4 of [a-z0-9], \"-\"); a second lab or a test uses its own");
        var noNginx = new Option<bool>("--no-nginx") { Description = "load balancers answer with the built-in responder even where nginx is installed (what happens without nginx)" };
        var rate = new Option<int>("--rate") { Description = "the client's requests per second (1-1000)", DefaultValueFactory = _ => 250 };
        var minutes = new Option<int>("--minutes") { Description = "live view: quit after this many minutes (the client's request budget)", DefaultValueFactory = _ => 30 };

        var command = new Command("lab", "Build the seed's nginx + VRRP pair in network namespaces and watch or script its failovers (root).")
        {
            scenario, json, timing, nopreempt, prefix, noNginx, rate, minutes,
        };
        command.SetAction(parse => Run(
            parse.GetValue(scenario),
            parse.GetValue(json),
            parse.GetValue(timing) == "fast" ? LabTiming.Fast : LabTiming.Seed,
            parse.GetValue(nopreempt),
            parse.GetValue(prefix) ?? SeedLabOptions.InteractivePrefix,
            parse.GetValue(noNginx),
            Math.Clamp(parse.GetValue(rate), 1, 1000),
            Math.Clamp(parse.GetValue(minutes), 1, 24 * 60),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        foreach (Command subcommand in LabControlCommands.Create())
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    /// <summary>--prefix, validated: the lab's and its subcommands' (which find the running lab's socket by it).</summary>
    public static Option<string> PrefixOption(string description)
    {
        var prefix = new Option<string>("--prefix") { Description = description, DefaultValueFactory = _ => SeedLabOptions.InteractivePrefix };
        prefix.Validators.Add(result =>
        {
            if (!SeedLabOptions.IsValidPrefix(result.GetValueOrDefault<string>()))
            {
                result.AddError("--prefix: \"vg\", then 1 to 4 of [a-z0-9], then \"-\" (for example vglab-)");
            }
        });
        return prefix;
    }

    private static int Run(string? scenario, bool json, LabTiming timing, bool nopreempt, string prefix, bool noNginx, int rate, int minutes, TextWriter output, TextWriter error)
    {
        if (SeedLab.UnavailableReason() is { } reason)
        {
            error.WriteLine("vigil lab: " + reason);
            return 1;
        }

        TextWriter progressTo = json ? error : output;
        var options = new SeedLabOptions
        {
            Prefix = prefix,
            Timing = timing,
            Nopreempt = nopreempt,
            VigilCommand = SelfCommand.Resolve(),
            UseNginx = noNginx ? false : null,
            ClientRate = rate,
            Lvs = scenario is not null && LabScenarios.NeedsLvs(scenario)
        };
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
        // As `vigil run` (StartupSignals.Hold): a script's background job starts with SIGINT ignored, and .NET installs no
        // handler for an ignored signal, so Ctrl-C / kill -INT would leave the lab standing. SIGHUP is left as inherited:
        // here it only means "the terminal closed", which is what nohup asks to survive.
        InheritedSignals.RestoreIgnored(SIGINT, SIGTERM);
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
        catch (Exception e) when (e is LabException or HostCommandException)
        {
            error.WriteLine("vigil lab: " + e.Message);
            return 1;
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= OnCrash;
            if (lab is not null)
            {
                progressTo.WriteLine($"removing the lab ({options.Prefix}* namespaces, {lab.Directory})");
                CleanUp();
            }
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

    /// <summary>
    /// The live view: redraws the lab's status, turns keys into actions, and serves the lab's socket so
    /// `vigil lab ACTION|status|quit` work from another terminal; both go through one <see cref="LabDriver"/>.
    /// </summary>
    private static int LiveView(SeedLab lab, int minutes, TextWriter output, CancellationToken stop)
    {
        bool keys = !Console.IsInputRedirected;
        var view = new LabView(output, terminal: !Console.IsOutputRedirected);
        using RequestLoop client = lab.StartClient(lab.Options.ClientRate, TimeSpan.FromMinutes(minutes));
        using var driver = new LabDriver(lab, client, view.Event);
        using LabControlServer server = LabControlServer.Start(LabProtocol.SocketPath(lab.Options.Prefix), driver);
        driver.Event((keys ? "lab up; " + LabView.Keys : "lab up (stdin is not a terminal: no keys; Ctrl-C, SIGTERM or `vigil lab quit` to quit)") + $"; listening on {server.Path}");
        using var quit = CancellationTokenSource.CreateLinkedTokenSource(stop, driver.QuitRequested);
        while (!quit.IsCancellationRequested && client.IsRunning)
        {
            if (keys && driver.Busy is null && Console.KeyAvailable)
            {
                char key = char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar);
                if (key == 'q')
                {
                    break;
                }

                if (LabActions.ForKey(key) is { } action)
                {
                    _ = PerformFromKeyAsync(driver, action);
                }
            }

            view.Render(driver.Report());
            quit.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(keys ? 250 : 2000));
        }

        _ = SeedLab.WaitUntil(() => driver.Busy is null, TimeSpan.FromSeconds(30));
        return 0;
    }

    /// <summary>A key's action on the master; a failure is an event on screen, not a crash.</summary>
    private static async Task PerformFromKeyAsync(LabDriver driver, LabAction action)
    {
        try
        {
            _ = await driver.PerformAsync(action, node: null, TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (LabException)
        {
            // The driver has shown the failure as an event; a key pressed while busy is ignored.
        }
    }
}
