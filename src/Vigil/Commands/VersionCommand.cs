using System.CommandLine;
using System.Reflection;

namespace Vigil.Cli;

internal static class VersionCommand
{
    // The informational version carries the commit (1.0.0+<sha>); the packaging script reads it.
    public static string Text => "vigil " + (typeof(VersionCommand).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString());

    public static Command Create()
    {
        var command = new Command("version", "Print Vigil's version.");
        command.SetAction(parse =>
        {
            parse.InvocationConfiguration.Output.WriteLine(Text);
            return 0;
        });
        return command;
    }
}
