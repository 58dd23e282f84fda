using Vigil.Cli;

// First, before the threads the console and the daemon start: stacks that no transparent huge page fits in (ThreadStacks).
Vigil.Linux.Memory.ThreadStacks.SetDefault();
return CliApp.Run(args, Console.Out, Console.Error);
