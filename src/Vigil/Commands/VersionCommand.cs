using System.CommandLine;

namespace Vigil.Cli;

internal static class VersionCommand
{
    public static string Text => "vigil " + typeof(VersionCommand).Assembly.GetName().Version;

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
