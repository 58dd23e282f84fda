using System.CommandLine;

namespace Vigil.Cli;

/// <summary>The list of subcommands; add one line per command.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return CheckCommand.Create();
        yield return SimulateCommand.Create();
        yield return RunCommand.Create();
        yield return StatusCommand.Create();
        yield return ReloadCommand.Create();
        yield return LabCommand.Create();
    }
}
