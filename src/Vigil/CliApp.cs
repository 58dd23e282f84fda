using System.CommandLine;

namespace Vigil.Cli;

/// <summary>Builds the command tree; every subcommand lives in its own file under Commands/.</summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Vigil: a keepalived-compatible VRRP high-availability daemon.");
        foreach (Command command in Commands.All())
        {
            root.Subcommands.Add(command);
        }

        ConfigTestOption.AddTo(root);

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
