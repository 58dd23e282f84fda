using System.CommandLine;

namespace Vigil.Cli;

/// <summary>Builds the command tree; every subcommand lives in its own file under Commands/.</summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Vigil: a keepalived-compatible VRRP high-availability daemon.\n"
            + "With no subcommand it takes keepalived's options: 'vigil --dont-fork -D -f FILE' runs like 'vigil run -D -f FILE'.");
        Command? run = null;
        foreach (Command command in Commands.All())
        {
            root.Subcommands.Add(command);
            run = command.Name == "run" ? command : run;
        }

        ConfigTestOption.AddTo(root);

        if (KeepalivedCommandLine.Applies(args))
        {
            switch (KeepalivedCommandLine.Parse(args, run!))
            {
                case KeepalivedCommandLine.Print print:
                    (print.Exit == 0 ? stdout : stderr).WriteLine(print.Text);
                    return print.Exit;
                case KeepalivedCommandLine.Run keepalived:
                    args = ["run", .. keepalived.RunArguments];
                    break;
            }
        }

        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return root.Parse(args).Invoke(config);
    }
}
