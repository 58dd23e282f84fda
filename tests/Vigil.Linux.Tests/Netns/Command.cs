using System.Diagnostics;

namespace Vigil.Linux.Tests.Netns;

/// <summary>Runs a program to completion with a bounded wait; the output is captured for assertions and failure messages.</summary>
internal static class Command
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static CommandResult Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {s_timeout}");
        }

        return new CommandResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and throws with the command line and its output unless it exits 0.</summary>
    public static string Must(string file, params string[] arguments)
    {
        CommandResult result = Run(file, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{file} {string.Join(' ', arguments)}` exited {result.ExitCode}: {result.StandardError.Trim()} {result.StandardOutput.Trim()}");
        }

        return result.StandardOutput;
    }

    public static bool Exists(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Any(directory => File.Exists(Path.Combine(directory, file)));
}

internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError);
