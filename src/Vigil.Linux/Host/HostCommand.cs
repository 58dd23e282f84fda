using System.Diagnostics;

namespace Vigil.Linux.Host;

/// <summary>The outcome of one finished child process.</summary>
public sealed record HostCommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>A program did not finish in time, or (<see cref="HostCommand.Must"/>) exited non-zero; the message names it and its output.</summary>
public sealed class HostCommandException : Exception
{
    public HostCommandException()
    {
    }

    public HostCommandException(string message)
        : base(message)
    {
    }

    public HostCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Runs a program (no shell) to completion with a bounded wait, its output captured: how `vigil lab`
/// and the network tests build namespaces with iproute2's `ip`, as an operator would by hand. The
/// daemon uses it only to run nft for no_accept (at start, reload and stop, never per packet).
/// </summary>
public static class HostCommand
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    public static HostCommandResult Run(string file, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        using Process process = Process.Start(StartInfo(file, arguments)) ?? throw new HostCommandException($"could not start {file}");
        process.StandardInput.Close(); // a program that reads its input sees end-of-file instead of waiting for the timeout
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new HostCommandException($"`{file} {string.Join(' ', arguments)}` did not finish within {s_timeout.TotalSeconds:F0} s");
        }

        return new HostCommandResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and throws a <see cref="HostCommandException"/> naming the command and its output unless it exits 0.</summary>
    public static string Must(string file, params string[] arguments)
    {
        HostCommandResult result = Run(file, arguments);
        return result.Succeeded
            ? result.StandardOutput
            : throw new HostCommandException($"`{file} {string.Join(' ', arguments)}` exited {result.ExitCode}: {(result.StandardError + result.StandardOutput).Trim()}");
    }

    /// <summary>The path of <paramref name="file"/> when it is an executable in PATH (plus /usr/sbin and /sbin, where iproute2 and nginx live), else null.</summary>
    public static string? Find(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(directory => Path.Combine(directory, file))
            .FirstOrDefault(File.Exists);

    public static bool Exists(string file) => Find(file) is not null;

    /// <summary>
    /// Output and error redirected, no shell, each argument passed as is; input redirected too, so a
    /// child never reads the terminal (the live view of `vigil lab` reads its keys from there).
    /// </summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
