using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using Vigil.Daemon.Hosting;

namespace Vigil.Cli.Check;

/// <summary>
/// What a reload reads: the same file, config id and checks as <c>vigil run</c> at start (host checks
/// included), so a configuration that would not start is not applied by a reload either.
/// </summary>
internal static class ReloadLoader
{
    public static ReloadedConfig Load(string file, string? configId)
    {
        CheckReport report = CheckRunner.Run(new CheckRequest([file], configId is null ? [] : [configId], OnThisHost: true), new PhysicalConfigFileSystem(), HostChecks.For);
        List<string> errors = [.. report.All.Where(d => d.Severity == Severity.Error).Select(d => d.ToString())];
        List<string> warnings = [.. report.All.Where(d => d.Severity == Severity.Warning).Select(d => d.ToString())];
        return new ReloadedConfig(report.WouldRun ? report.Nodes[0].Config : null, errors, warnings);
    }
}
