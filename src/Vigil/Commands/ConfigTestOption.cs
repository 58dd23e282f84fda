using System.CommandLine;
using Vigil.Cli.Check;
using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;

namespace Vigil.Cli;

/// <summary>
/// keepalived's own spelling of a config check, <c>vigil -t [-f FILE] [-i ID]</c>, for scripts and
/// muscle memory that call <c>keepalived -t</c>. Host checks are included, and the exit status means what
/// keepalived's does (lib/scheduler.h, reliability-rules §3): 0 fine; 4 cannot run (Vigil refuses every
/// error); 5 runs, but not exactly as written (a value was rounded, truncated or ignored, or a keyword is
/// not implemented); 6 scripts are configured without script security.
/// </summary>
internal static class ConfigTestOption
{
    public const int Ok = 0;
    public const int CannotRun = 4;
    public const int RunsModified = 5;
    public const int ScriptSecurity = 6;

    private const string DefaultFile = "/etc/keepalived/keepalived.conf";

    private static readonly string[] s_modifyingCodes = ["rounded", "truncated", "ignored-setting", "unsupported-keyword", "lvs-not-supported", "vips-excess", ConfigBinder.NotAppliedCode];

    /// <summary>Whether <paramref name="diagnostic"/> means Vigil runs, but not exactly as written (keepalived's exit status 5).</summary>
    public static bool ChangesWhatRuns(Diagnostic diagnostic) => diagnostic.Severity == Severity.Warning && s_modifyingCodes.Contains(diagnostic.Code);

    public static void AddTo(RootCommand root)
    {
        var test = new Option<bool>("--config-test", "-t") { Description = "check the configuration like 'keepalived -t' and exit (status 0, 4, 5 or 6)" };
        var file = new Option<string>("--use-file", "-f") { Description = $"configuration file (default {DefaultFile})" };
        var configId = new Option<string>("--config-id", "-i") { Description = "config id for @ID lines (default: host name up to the first dot)" };
        root.Options.Add(test);
        root.Options.Add(file);
        root.Options.Add(configId);
        root.SetAction(parse =>
        {
            if (!parse.GetValue(test))
            {
                parse.InvocationConfiguration.Error.WriteLine("vigil: no command given; try 'vigil check FILE' or 'vigil --help'");
                return 1;
            }

            string? id = parse.GetValue(configId);
            var request = new CheckRequest([parse.GetValue(file) ?? DefaultFile], id is null ? [] : [id], OnThisHost: true);
            CheckReport report = CheckCommand.Run(request);
            TextReportWriter.Write(report, parse.InvocationConfiguration.Error);
            return ExitStatus(report.All);
        });
    }

    public static int ExitStatus(IEnumerable<Diagnostic> diagnostics)
    {
        Diagnostic[] all = [.. diagnostics];
        if (all.Any(d => d.Severity == Severity.Error))
        {
            return CannotRun;
        }

        if (all.Any(ChangesWhatRuns))
        {
            return RunsModified;
        }

        return all.Any(d => d.Code is ConfigBinder.ScriptSecurityCode or "host-script-security") ? ScriptSecurity : Ok;
    }
}
