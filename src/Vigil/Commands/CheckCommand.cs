using System.CommandLine;
using System.Text.Json;
using Vigil.Cli.Check;
using Vigil.Cli.Json;
using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;

namespace Vigil.Cli;

/// <summary>
/// <c>vigil check [--config-id ID]... [--on-this-host] [--json] [--dump] FILE...</c>: what is wrong with
/// one node's keepalived.conf, or with several nodes' files as one cluster. Exit 0 when Vigil would run
/// (warnings allowed), 1 when there are errors.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "keepalived.conf of each node (several files = the nodes of one cluster)", Arity = ArgumentArity.OneOrMore };
        var configIds = new Option<string[]>("--config-id", "-i")
        {
            Description = "config id for @ID lines (default: this host's name up to the first dot); repeat with one FILE to check several nodes from one file",
            AllowMultipleArgumentsPerToken = false,
        };
        var onThisHost = new Option<bool>("--on-this-host") { Description = "also check this host: interfaces exist, scripts exist, are executable and pass script security, script_user exists" };
        var json = new Option<bool>("--json") { Description = "print the diagnostics as JSON" };
        var dump = new Option<bool>("--dump") { Description = "print the effective model (defaults filled in, includes and parameters resolved, secrets masked) as JSON" };

        var command = new Command("check", "Check keepalived.conf files: one node's, or all nodes' of a cluster together.");
        command.Arguments.Add(files);
        command.Options.Add(configIds);
        command.Options.Add(onThisHost);
        command.Options.Add(json);
        command.Options.Add(dump);
        command.SetAction(parse =>
        {
            var request = new CheckRequest(parse.GetValue(files) ?? [], parse.GetValue(configIds) ?? [], parse.GetValue(onThisHost));
            CheckReport report = Run(request);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(dump))
            {
                WriteDump(report, output);
                TextReportWriter.Write(report, parse.InvocationConfiguration.Error);
            }
            else if (parse.GetValue(json))
            {
                WriteJson(report, output);
            }
            else
            {
                TextReportWriter.Write(report, output);
            }

            return report.WouldRun ? 0 : 1;
        });
        return command;
    }

    /// <summary>Readable JSON: angle brackets and quotes stay as written (the output is for people and jq, never embedded in HTML).</summary>
    private static readonly CheckJsonContext s_json = new(new System.Text.Json.JsonSerializerOptions(CheckJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static CheckReport Run(CheckRequest request) =>
        CheckRunner.Run(request, new PhysicalConfigFileSystem(), request.OnThisHost ? HostChecks.For : null);

    private static void WriteJson(CheckReport report, TextWriter output)
    {
        var document = new JsonCheckReport(report.WouldRun, report.Errors, report.Warnings,
            [.. report.Nodes.Select(n => new JsonNodeReport(n.File, n.ConfigId, n.Config.Instances.Count, [.. DiagnosticOrder.ForReading(n.Diagnostics).Select(JsonDiagnostic.From)]))],
            [.. report.Cluster.Select(JsonDiagnostic.From)]);
        output.WriteLine(JsonSerializer.Serialize(document, s_json.JsonCheckReport));
    }

    private static void WriteDump(CheckReport report, TextWriter output)
    {
        var document = new JsonModelDump([.. report.Nodes.Select(n => new JsonNodeModel(n.File, n.ConfigId, n.Config))]);
        output.WriteLine(JsonSerializer.Serialize(document, s_json.JsonModelDump));
    }
}
